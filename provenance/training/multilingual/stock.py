"""Stock phrases of news writing, agency credits and house-style data for the 12 languages of the wire corpora.

Why: in real scrapes, unrelated stories share sentence-length stock phrases ("the ministry said in a
statement", "further details were not immediately available") and agency credit/dateline forms
("(SPA) –", "به گزارش خبرگزاری فارس،", "/ТАСС/"). wire.py inserts 1-3 of them verbatim into many unrelated
articles (and into some wire stories, so that copies carry them too): a tool that links pages on shared
sentences alone then links unrelated pages, which the gold forbids.

Per language (ISO 639-1):
- ``STOCK[lang]``: (kind, text) with kind "lead" (put before the first sentence, e.g. an agency dateline),
  "sentence" (a whole sentence inserted between sentences) or "end" (a closing credit);
- ``AGENCIES[lang]``: (name, short credit) of agencies writing in that language (for page credits);
- ``DIGITS[lang]``: the script's native digits 0-9, where it has them;
- ``QUOTES[lang]``: the pairs of quotation marks house styles of that language use, most common first;
- ``TOPIC_FRAMES[lang]``: the lead frame in which a same-event article names the story's topic;
- ``SENT_END``: the sentence-final marks wire.py splits at (. ! ? ۔ ؟ । ॥ 。 ！ ？ …).

Written for the project (Apache-2.0). Kept to forms that are idiomatic in each language's press.
"""
from __future__ import annotations

S, L, E = "sentence", "lead", "end"

STOCK: dict[str, list[tuple[str, str]]] = {
    "ar": [
        (L, "الرياض (واس) –"), (L, "جدة – واس:"), (E, "(واس)"),
        (S, "وذكرت وكالة الأنباء السعودية (واس) أن الجهات المختصة تتابع الموضوع عن كثب."),
        (S, "وأوضح البيان الصادر عن الوزارة أن العمل جارٍ لاستكمال الإجراءات اللازمة."),
        (S, "وأكد المتحدث الرسمي في تصريح صحفي أن التحقيقات لا تزال جارية."),
        (S, "ولم تتوفر حتى الآن أي تفاصيل إضافية حول الحادث."),
        (S, "وأشار إلى أن الجهات المعنية ستعلن النتائج فور الانتهاء منها."),
        (S, "جاء ذلك خلال مؤتمر صحفي عقده اليوم في مقر الوزارة."),
        (S, "ونقلت الوكالة عن مصدر مسؤول قوله إن الوضع تحت السيطرة."),
        (S, "وفي سياق متصل، دعت الوزارة المواطنين إلى الالتزام بالتعليمات الصادرة."),
        (S, "ومن المتوقع أن تصدر النتائج النهائية خلال الأسابيع المقبلة."),
        (S, "وقال مصدر مطلع، طلب عدم الكشف عن هويته، إن المفاوضات مستمرة."),
        (S, "ويأتي ذلك في إطار الجهود المبذولة لتعزيز التعاون بين البلدين."),
    ],
    "bn": [
        (L, "ঢাকা (বাসস) :"), (L, "নিজস্ব প্রতিবেদক:"), (E, "—বাসস"),
        (S, "বার্তা সংস্থা বাসস এ তথ্য জানিয়েছে।"),
        (S, "মন্ত্রণালয়ের এক বিজ্ঞপ্তিতে এ তথ্য জানানো হয়েছে।"),
        (S, "সংবাদ সম্মেলনে তিনি এসব কথা বলেন।"),
        (S, "তবে এ বিষয়ে বিস্তারিত কিছু জানা যায়নি।"),
        (S, "পুলিশ জানিয়েছে, ঘটনার তদন্ত চলছে।"),
        (S, "নাম প্রকাশ না করার শর্তে এক কর্মকর্তা বিষয়টি নিশ্চিত করেছেন।"),
        (S, "উল্লেখ্য, এর আগেও এ ধরনের ঘটনা ঘটেছে।"),
        (S, "এ বিষয়ে চূড়ান্ত সিদ্ধান্ত আগামী সপ্তাহে নেওয়া হতে পারে।"),
        (S, "সংশ্লিষ্ট কর্মকর্তারা জানান, পরিস্থিতি এখন নিয়ন্ত্রণে রয়েছে।"),
        (S, "বিষয়টি নিয়ে সংশ্লিষ্ট মন্ত্রণালয়ের কোনো বক্তব্য পাওয়া যায়নি।"),
    ],
    "de": [
        (L, "Wien (APA) –"), (L, "Berlin (dpa) –"), (E, "(APA, red)"),
        (S, "Das teilte das Ministerium am Dienstag in einer Aussendung mit."),
        (S, "Weitere Details wurden zunächst nicht bekannt."),
        (S, "Die Ermittlungen dauern an, hieß es vonseiten der Polizei."),
        (S, "Das berichtete die Nachrichtenagentur APA unter Berufung auf Polizeikreise."),
        (S, "Eine Stellungnahme des Unternehmens war zunächst nicht zu erhalten."),
        (S, "Das sagte er bei einer Pressekonferenz am Montag in Wien."),
        (S, "Eine Entscheidung soll in den kommenden Wochen fallen."),
        (S, "Wie es in einer Erklärung des Ministeriums hieß, ist die Lage unter Kontrolle."),
        (S, "Verletzt wurde nach ersten Informationen niemand."),
        (S, "Ein Sprecher wollte sich zu den Berichten nicht äußern."),
    ],
    "es": [
        (L, "MADRID (EFE).–"), (L, "MADRID, (EUROPA PRESS) -"), (E, "(EFE)"),
        (S, "Así lo informó el ministerio en un comunicado difundido este martes."),
        (S, "Según informó la agencia EFE, las investigaciones continúan abiertas."),
        (S, "Así lo afirmó durante una rueda de prensa celebrada en la capital."),
        (S, "Por el momento no han trascendido más detalles sobre lo ocurrido."),
        (S, "Fuentes del ministerio declinaron hacer comentarios al respecto."),
        (S, "La policía ha abierto una investigación para esclarecer los hechos."),
        (S, "Se espera que la decisión se conozca en las próximas semanas."),
        (S, "Según fuentes consultadas por esta agencia, las negociaciones siguen en marcha."),
        (S, "No se han registrado heridos, según las primeras informaciones."),
    ],
    "fa": [
        (L, "به گزارش خبرگزاری فارس،"), (L, "به نقل از ایرنا،"), (E, "انتهای پیام/"),
        (S, "این مقام مسئول در ادامه افزود که جزئیات بیشتر به زودی اعلام خواهد شد."),
        (S, "وی این مطلب را در یک نشست خبری در جمع خبرنگاران اعلام کرد."),
        (S, "بر اساس بیانیه‌ای که از سوی وزارتخانه منتشر شد، بررسی‌ها همچنان ادامه دارد."),
        (S, "تاکنون جزئیات بیشتری از این حادثه منتشر نشده است."),
        (S, "گفتنی است نتایج این بررسی‌ها در هفته‌های آینده اعلام خواهد شد."),
        (S, "وی با اشاره به اهمیت این موضوع تصریح کرد که دولت پیگیر آن است."),
        (S, "به گزارش ایسنا، این نشست با حضور مسئولان استانی برگزار شد."),
        (S, "شایان ذکر است که این طرح از سال گذشته آغاز شده است."),
        (S, "یک منبع آگاه که نخواست نامش فاش شود گفت که مذاکرات ادامه دارد."),
    ],
    "fr": [
        (L, "DAKAR (AFP) -"), (L, "Abidjan (APA) -"), (E, "(Avec AFP)"),
        (S, "C'est ce qu'a annoncé le ministère dans un communiqué publié mardi."),
        (S, "Selon l'agence de presse officielle, l'enquête se poursuit."),
        (S, "Il s'exprimait lors d'une conférence de presse dans la capitale."),
        (S, "Aucun autre détail n'a été communiqué pour l'instant."),
        (S, "Les autorités n'ont pas souhaité faire de commentaire."),
        (S, "Une enquête a été ouverte pour déterminer les circonstances du drame."),
        (S, "Une décision est attendue dans les prochaines semaines."),
        (S, "Selon une source proche du dossier, les négociations se poursuivent."),
        (S, "Aucun bilan officiel n'était disponible dans l'immédiat."),
    ],
    "hi": [
        (L, "नई दिल्ली, एजेंसी।"), (L, "मुंबई (आईएएनएस)।"), (E, "(भाषा)"),
        (S, "समाचार एजेंसी पीटीआई के मुताबिक़ मामले की जाँच जारी है।"),
        (S, "मंत्रालय की ओर से जारी एक बयान में यह जानकारी दी गई।"),
        (S, "उन्होंने एक प्रेस कॉन्फ़्रेंस में पत्रकारों से बातचीत में यह बात कही।"),
        (S, "फ़िलहाल इस घटना के बारे में और जानकारी नहीं मिल पाई है।"),
        (S, "पुलिस का कहना है कि मामले की हर पहलू से जाँच की जा रही है।"),
        (S, "अधिकारियों ने बताया कि स्थिति अब नियंत्रण में है।"),
        (S, "नाम न छापने की शर्त पर एक अधिकारी ने बताया कि बातचीत जारी है।"),
        (S, "आपको बता दें कि इससे पहले भी ऐसी घटनाएँ हो चुकी हैं।"),
        (S, "इस बारे में अंतिम फ़ैसला अगले हफ़्ते लिया जा सकता है।"),
    ],
    "id": [
        (L, "Jakarta, ANTARA -"), (L, "Jakarta -"), (E, "(ant)"),
        (S, "Hal tersebut disampaikan dalam keterangan tertulis yang diterima pada Selasa."),
        (S, "Demikian dilaporkan kantor berita Antara."),
        (S, "Hal itu diungkapkan dalam konferensi pers di Jakarta, Senin."),
        (S, "Hingga berita ini diturunkan, belum ada keterangan resmi dari pihak terkait."),
        (S, "Polisi masih menyelidiki penyebab kejadian tersebut."),
        (S, "Keputusan akhir diperkirakan akan diambil dalam beberapa pekan mendatang."),
        (S, "Menurut sumber yang enggan disebutkan namanya, negosiasi masih berlangsung."),
        (S, "Tidak ada korban jiwa dalam peristiwa tersebut."),
        (S, "Pihak kementerian belum memberikan tanggapan atas hal tersebut."),
    ],
    "ja": [
        (L, "【ワシントン共同】"), (L, "時事通信によると、"), (E, "（共同）"),
        (S, "同省が発表した声明で明らかにした。"),
        (S, "共同通信の取材に対し、関係者が明らかにした。"),
        (S, "同日の記者会見でこう述べた。"),
        (S, "詳しい状況はまだ分かっていない。"),
        (S, "警察が事故の原因を詳しく調べている。"),
        (S, "最終的な判断は来週にも示される見通しだ。"),
        (S, "関係者によると、交渉は現在も続いているという。"),
        (S, "けが人は出ていないという。"),
        (S, "政府関係者が匿名を条件に明らかにした。"),
    ],
    "ru": [
        (L, "МОСКВА, /ТАСС/."), (L, "МОСКВА — РИА Новости."), (E, "Об этом сообщает ТАСС."),
        (S, "Об этом говорится в заявлении, распространенном министерством во вторник."),
        (S, "Об этом сообщает агентство «Интерфакс» со ссылкой на источник."),
        (S, "Об этом он заявил на пресс-конференции в Москве."),
        (S, "Подробности произошедшего пока не сообщаются."),
        (S, "В ведомстве отказались от комментариев."),
        (S, "По факту происшествия возбуждено уголовное дело."),
        (S, "Окончательное решение ожидается в ближайшие недели."),
        (S, "По словам источника, знакомого с ситуацией, переговоры продолжаются."),
        (S, "Пострадавших нет, сообщили в пресс-службе."),
        (S, "Как передает корреспондент ТАСС, на месте работают спасатели."),
    ],
    "sw": [
        (L, "NAIROBI, Kenya (AFP) -"), (L, "DAR ES SALAAM -"), (E, "(Reuters)"),
        (S, "Hayo yamesemwa katika taarifa iliyotolewa na wizara siku ya Jumanne."),
        (S, "Kwa mujibu wa shirika la habari la AFP, uchunguzi bado unaendelea."),
        (S, "Aliyasema hayo katika mkutano na waandishi wa habari jijini Nairobi."),
        (S, "Maelezo zaidi bado hayajatolewa."),
        (S, "Polisi wanasema uchunguzi kuhusu tukio hilo unaendelea."),
        (S, "Uamuzi wa mwisho unatarajiwa kutolewa katika wiki zijazo."),
        (S, "Afisa mmoja ambaye hakutaka kutajwa jina alisema mazungumzo yanaendelea."),
        (S, "Hakuna mtu aliyejeruhiwa katika tukio hilo."),
        (S, "Serikali bado haijatoa tamko rasmi kuhusu suala hilo."),
    ],
    "ur": [
        (L, "اسلام آباد (اے پی پی) —"), (L, "کراچی (نمائندہ خصوصی) —"), (E, "(ویب ڈیسک)"),
        (S, "سرکاری خبر رساں ایجنسی کے مطابق واقعے کی تحقیقات جاری ہیں۔"),
        (S, "وزارت کی جانب سے جاری کردہ بیان میں کہا گیا ہے کہ صورتحال قابو میں ہے۔"),
        (S, "انہوں نے یہ بات ایک پریس کانفرنس سے خطاب کرتے ہوئے کہی۔"),
        (S, "تاحال واقعے کی مزید تفصیلات سامنے نہیں آسکیں۔"),
        (S, "پولیس کا کہنا ہے کہ معاملے کی ہر پہلو سے تفتیش کی جا رہی ہے۔"),
        (S, "ذرائع کے مطابق اس حوالے سے حتمی فیصلہ آئندہ ہفتے متوقع ہے۔"),
        (S, "واضح رہے کہ اس سے قبل بھی اسی نوعیت کے واقعات پیش آچکے ہیں۔"),
        (S, "نام ظاہر نہ کرنے کی شرط پر ایک اہلکار نے بتایا کہ مذاکرات جاری ہیں۔"),
        (S, "خبر رساں ادارے اے پی پی کے مطابق اجلاس میں اہم فیصلے کیے گئے۔"),
    ],
}

AGENCIES: dict[str, list[tuple[str, str]]] = {
    "ar": [("وكالة الأنباء السعودية", "واس"), ("وكالة الأنباء الألمانية", "د ب أ")],
    "bn": [("বাংলাদেশ সংবাদ সংস্থা", "বাসস"), ("ইউনাইটেড নিউজ অব বাংলাদেশ", "ইউএনবি")],
    "de": [("Austria Presse Agentur", "APA"), ("Deutsche Presse-Agentur", "dpa")],
    "es": [("Agencia EFE", "EFE"), ("Europa Press", "Europa Press")],
    "fa": [("خبرگزاری فارس", "فارس"), ("خبرگزاری جمهوری اسلامی", "ایرنا")],
    "fr": [("Agence France-Presse", "AFP"), ("Agence de presse africaine", "APA")],
    "hi": [("प्रेस ट्रस्ट ऑफ़ इंडिया", "भाषा"), ("इंडो-एशियन न्यूज़ सर्विस", "आईएएनएस")],
    "id": [("Lembaga Kantor Berita Nasional Antara", "ANTARA"), ("Kantor Berita Politik RMOL", "RMOL")],
    "ja": [("共同通信社", "共同"), ("時事通信社", "時事")],
    "ru": [("Информационное агентство России ТАСС", "ТАСС"), ("Интерфакс", "Интерфакс")],
    "sw": [("Shirika la Habari la Tanzania", "TSN"), ("Shirika la Habari la Kenya", "KNA")],
    "ur": [("ایسوسی ایٹڈ پریس آف پاکستان", "اے پی پی"), ("آن لائن نیوز ایجنسی", "آن لائن")],
}

DIGITS: dict[str, str] = {
    "ar": "٠١٢٣٤٥٦٧٨٩", "fa": "۰۱۲۳۴۵۶۷۸۹", "ur": "۰۱۲۳۴۵۶۷۸۹", "hi": "०१२३४५६७८९", "bn": "০১২৩৪৫৬৭৮৯",
    "ja": "０１２３４５６７８９",  # full-width forms: a Japanese house style, not a separate script
}
LATIN_DIGITS = "0123456789"

QUOTES: dict[str, list[tuple[str, str]]] = {
    "ar": [("«", "»"), ('"', '"'), ("“", "”")], "fa": [("«", "»"), ('"', '"')],
    "ur": [('"', '"'), ("‘", "’"), ("«", "»")], "hi": [('"', '"'), ("‘", "’"), ("“", "”")],
    "bn": [("‘", "’"), ('"', '"'), ("“", "”")], "de": [("„", "“"), ("»", "«"), ('"', '"')],
    "es": [("«", "»"), ("“", "”"), ('"', '"')], "fr": [("« ", " »"), ("“", "”"), ('"', '"')],
    "id": [('"', '"'), ("“", "”")], "ja": [("「", "」"), ("『", "』")],
    "ru": [("«", "»"), ("„", "“"), ('"', '"')], "sw": [('"', '"'), ("“", "”"), ("'", "'")],
}

# How a same-event article (written independently) mentions the story's headline topic: a lead frame
# around a few headline keywords ("Regarding <topic>, ..."), put before its first sentence.
TOPIC_FRAMES: dict[str, str] = {
    "ar": "وفي سياق {t}، ", "bn": "{t} প্রসঙ্গে, ", "de": "Zum Thema {t}: ", "es": "En relación con {t}, ",
    "fa": "در پی {t}، ", "fr": "À propos de {t} : ", "hi": "{t} के मामले में, ", "id": "Terkait {t}, ",
    "ja": "{t}をめぐり、", "ru": "В контексте темы «{t}»: ", "sw": "Kuhusu {t}, ", "ur": "{t} کے حوالے سے، ",
}

SENT_END = ".!?۔؟।॥。！？…"
COMMAS = {"ar": "،", "fa": "،", "ur": "،", "ja": "、"}  # else ","
NO_SPACES = {"ja"}  # languages written without spaces between words


def stock(lang: str, kind: str | None = None) -> list[str]:
    """The stock phrases of `lang` (of one kind, if given)."""
    return [t for k, t in STOCK[lang] if kind is None or k == kind]
