"""Keyword cues of page types (`boilerplate.pagetype`), by category: the words of a shop's,
a forum's, a documentation site's and a company site's interface, in English and in the UI
language of sites in other languages.

A leaf table (imports nothing). The page-type model counts each category per word of a page
(``cart_rate``, ``forum_rate``…), so the lists hold interface strings, not topic words: "reply",
"joined", "add to cart" are on a forum's or a shop's every page and in few news stories. The
English phrases are the ones the model was first trained with; the others are the same
interface strings as sites in those languages write them (ar, bn, de, es, fa, fr, hi, id, it,
ja, ko, pt, ru, sw, tr, ur, vi, zh), chosen by us, not learned: the training pages with a
page-type label are English (wcxb-dev) and German (trafilatura-eval, all articles), so a
non-English forum or shop is recognised by its structure and by these strings without having
been seen. Words that news text uses often in those languages are left out (Arabic رد
"reply" is also "response", Russian цены "prices", German Beispiel "example", Vietnamese tham gia
"join"): the English list's "example" or "said" count in English news too, and the model
learned their usual rate there, but a translation's rate in another language's news is unknown. Phrases in scripts written without spaces
(Japanese, Chinese, Thai) match inside longer runs; the others are word-bounded.
"""
from __future__ import annotations

_ENGLISH = {
    "cart": ("add to cart", "add to bag", "add to basket", "add to wishlist", "buy now", "in stock",
             "out of stock", "free shipping", "free delivery", "quantity", "sku", "in den warenkorb",
             "ajouter au panier", "añadir al carrito", "aggiungi al carrello", "review", "reviews",
             "rating", "ratings", "sold by", "checkout", "shipping", "warranty"),
    "forum": ("reply", "replies", "post", "posts", "joined", "member", "members", "views", "like",
              "likes", "quote", "thread", "topic", "solved", "upvote", "upvotes", "answer", "answers",
              "asked", "moderator", "registered", "posted", "wrote", "said"),
    "doc": ("parameters", "returns", "return", "example", "examples", "syntax", "function",
            "method", "class", "install", "configuration", "api", "usage", "argument",
            "arguments", "deprecated", "version", "default", "command", "note"),
    "service": ("contact us", "get started", "our services", "our team", "our clients", "our mission",
                "pricing", "book a", "book an", "book now", "free trial", "free quote", "free consultation",
                "request a", "learn more", "sign up", "schedule", "call us", "get in touch", "we offer",
                "our customers", "testimonials", "request a demo"),
}

_OTHER = {
    "cart": (
        # de fr es it pt
        "in den warenkorb", "jetzt kaufen", "versandkostenfrei", "kundenbewertungen",
        "acheter maintenant", "livraison gratuite", "avis clients",
        "agregar al carrito", "comprar ahora", "envío gratis",
        "acquista ora", "spedizione gratuita",
        "adicionar ao carrinho", "comprar agora", "frete grátis", "em estoque",
        # ru tr vi id sw
        "в корзину", "нет в наличии", "бесплатная доставка",
        "sepete ekle", "sepetim", "hemen al", "ücretsiz kargo",
        "thêm vào giỏ hàng", "mua ngay", "còn hàng", "miễn phí vận chuyển",
        "tambah ke keranjang", "beli sekarang", "gratis ongkir", "stok tersedia",
        "ongeza kwenye kikapu", "nunua sasa",
        # ar fa ur hi bn
        "أضف إلى السلة", "سلة التسوق", "اشتر الآن", "شحن مجاني",
        "افزودن به سبد خرید", "سبد خرید", "ارسال رایگان", "ناموجود",
        "کارٹ میں شامل کریں", "ابھی خریدیں", "مفت ڈیلیوری",
        "कार्ट में जोड़ें", "अभी खरीदें", "मुफ्त डिलीवरी",
        "কার্টে যোগ করুন", "এখনই কিনুন", "ফ্রি ডেলিভারি",
        # ja zh ko
        "カートに入れる", "今すぐ購入", "在庫あり", "在庫切れ", "送料無料",
        "加入购物车", "购物车", "立即购买", "包邮", "加入購物車", "購物車",
        "장바구니", "바로구매", "무료배송", "품절",
    ),
    "forum": (
        "mitglied seit", "registriert seit", "zitieren", "themenstarter",
        "répondre", "membre depuis", "inscrit le", "citer", "messages du forum",
        "miembro desde", "responder al tema",
        "rispondi", "iscritto dal", "citazione",
        "membro desde", "responder ao tópico",
        "ответить", "цитировать", "тема форума", "сообщений на форуме",
        "yanıtla", "mesaj sayısı", "üyelik tarihi", "alıntı yap",
        "trích dẫn", "gửi trả lời",
        "balasan", "kutip",
        "jibu ujumbe",
        "تاريخ التسجيل", "عضو منذ", "رد مع اقتباس",
        "ارسال‌ها", "تاریخ عضویت", "نقل قول", "پاسخ‌ها",
        "جوابات", "اقتباس کریں",
        "जवाब दें",
        "উত্তর দিন", "উত্তরসমূহ", "সদস্য হয়েছেন",
        "返信する", "スレッド", "投稿者", "ベストアンサー",
        "回复", "楼主", "帖子", "注册时间", "回覆", "樓主",
        "답글", "댓글쓰기", "게시글", "가입일",
    ),
    "doc": (
        "rückgabewert", "veraltet",
        "paramètres", "valeur de retour", "obsolète",
        "parámetros", "valor de retorno",
        "parametri", "valore di ritorno",
        "parâmetros",
        "параметры", "возвращаемое значение", "синтаксис",
        "parametreler", "dönüş değeri", "sözdizimi",
        "giá trị trả về", "cú pháp",
        "nilai kembalian", "sintaks",
        "القيمة المرجعة",
        "پیرامیٹرز",
        "पैरामीटर", "सिंटैक्स",
        "প্যারামিটার",
        "パラメータ", "引数", "戻り値", "構文",
        "参数", "返回值", "语法", "參數", "傳回值",
        "매개변수", "반환값", "구문",
    ),
    "service": (
        "kontaktieren sie uns", "unsere leistungen", "unser team", "jetzt anfragen",
        "contactez-nous", "nos services", "notre équipe", "demander un devis",
        "contáctenos", "nuestros servicios", "nuestro equipo", "solicitar presupuesto",
        "contattaci", "i nostri servizi", "il nostro team", "richiedi un preventivo",
        "fale conosco", "nossos serviços", "nossa equipe", "solicite um orçamento",
        "свяжитесь с нами", "наши услуги", "наша команда", "оставить заявку",
        "bize ulaşın", "hizmetlerimiz", "ekibimiz", "teklif alın",
        "dịch vụ của chúng tôi", "báo giá",
        "hubungi kami", "layanan kami", "tim kami", "minta penawaran",
        "wasiliana nasi", "huduma zetu", "timu yetu",
        "اتصل بنا", "خدماتنا", "فريقنا", "اطلب عرض سعر",
        "تماس با ما", "خدمات ما", "تیم ما", "درخواست مشاوره",
        "ہم سے رابطہ کریں", "ہماری خدمات", "ہماری ٹیم",
        "संपर्क करें", "हमारी सेवाएं", "हमारी टीम",
        "যোগাযোগ করুন", "আমাদের সেবা", "আমাদের টিম",
        "お問い合わせ", "サービス一覧", "会社概要", "無料相談", "資料請求",
        "联系我们", "我们的服务", "关于我们", "免费咨询", "聯絡我們",
        "문의하기", "서비스 소개", "회사소개", "무료 상담",
    ),
}

#: Phrases per category: the English ones first, then the others (each phrase once).
PAGE_KEYWORDS: dict[str, tuple[str, ...]] = {
    cat: tuple(dict.fromkeys(_ENGLISH[cat] + _OTHER[cat])) for cat in _ENGLISH}

__all__ = ["PAGE_KEYWORDS"]
