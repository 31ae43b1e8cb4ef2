"""Authors: person names from bylines and markup, with the non-names left out.

A byline is cleaned to its names: the byline word goes ("By", "Written by", "von", "par",
"por", "di", "door", "автор", "بقلم" …), and so does what follows the names (a date, "|
The Texas Newsroom", "— November 18, 2025", "6 min read", a job title after a comma when a
name came before); several names are split at ",", "&", "and"/"und"/"et"/"y"/"e"/"i"/"и"/"و".
A name is kept only if it looks like one (`is_name`): no digits, e-mail or URL, 1-5 words, not
a single common word or a role ("information", "Locks", "Admin", "Staff", "Our Editors",
"Editorial Team", "Webmaster"), not the site's own name, no leading punctuation (", Hardware").
A byline split over two blocks ("By" / "April Fulton") is joined by the caller (`byline_prefix_only`).
"""
from __future__ import annotations

import re

from .dates import parse_date

__all__ = ["clean_byline", "is_name", "byline_prefix_only", "split_names", "starts_with_byline_word", "BYLINE_WORDS"]

#: Byline words before the names, several languages (lower case; matched at the start).
BYLINE_WORDS = (
    "written by", "posted by", "reported by", "published by", "words by", "text by", "story by",
    "article by", "compiled by", "by", "author", "authors", "author(s)",
    "autor", "autorin", "autoren", "von", "verfasst von", "par", "auteur", "auteurs", "rédigé par",
    "por", "escrito por", "publicado por", "autora", "di", "scritto da", "a cura di", "door",
    "geschreven door", "av", "af", "przez", "autorstwa", "автор", "авторы", "текст", "от",
    "بقلم", "كتب", "كتبه", "الكاتب", "oleh", "penulis", "yazar", "लेखक", "লেখক", "作者", "文",
    "記者", "记者", "기자", "reporter", "writer", "byline", "contributor", "posted",
)
_BYLINE_RX = re.compile(
    r"^\s*(?:" + "|".join(re.escape(w) for w in sorted(BYLINE_WORDS, key=len, reverse=True)) + r")"
    r"(?:(?<=[^\W\d_])(?![^\W\d_])|(?<![^\W\d_]))\s*[:：\-–—|]?\s*", re.IGNORECASE)
#: Bylines of someone who is not the author ("Reviewed by", "Edited by", "Photo by").
NOT_AUTHOR_LINE = re.compile(
    r"^\s*(?:(?:medically\s+|fact[- ]checked\s+|peer\s+)?reviewed|edited|fact[- ]checked|photos?|"
    r"images?|illustrations?|video|translated|researched)\s+by\b", re.IGNORECASE)
#: "By" alone (what a byline split over two blocks leaves in the first one).
_PREFIX_ONLY = re.compile(
    r"^\s*(?:" + "|".join(re.escape(w) for w in sorted(BYLINE_WORDS, key=len, reverse=True)) + r")"
    r"\s*[:：\-–—]?\s*$", re.IGNORECASE)
# where the names end: a separator, a date word, a reading time, "on <date>", "Updated", "|"
_END = re.compile(
    r"\s*(?:[|•·⋅∙‧]|\s[-–—]\s|\(|\bon\s+(?=\w+\.?\s+\d|\d)|\bupdated\b|\bpublished\b|\bposted\b|"
    r"\blast\s+updated\b|\bfollow\b|\b\d+\s*(?:min|minute)s?\b|\bread\b|\bshare\b|\bemail\b|"
    r"\bfor\s+(?:the\s+)?[A-Z]|\bis\s+(?:a|an|the)\b|\bam\s+\d|\bel\s+\d|\ble\s+\d|\bil\s+y\b|"
    r"\bhace\b|\bvor\s+\d|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\b\d{4}-\d\d-\d\d)", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|&|\+|;|/|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bи\b|\bو\b|\bi\b|\ben\b|\bwith\b|、)\s*",
                    re.IGNORECASE)
#: Credentials and roles after a name ("Shelby Loos, DVM", "Jane Doe, PhD", "CFP®").
_CREDENTIAL = re.compile(
    r"^(?:dvm|md|phd|ph\.d\.?|rn|rd|cfp|cfa|cpa|mba|mph|msc|ms|ma|ba|bsc|jr\.?|sr\.?|ii|iii|esq\.?|"
    r"lcsw|np|pa-c|do|dds|facs|frcp)\W*$", re.IGNORECASE)
#: Single words and phrases that are no person's name (lower case).
_NOT_NAME_PHRASES = """
our editors|the editors|editorial team|editorial staff|editorial board|news desk|news team|web team
content team|marketing team|the team|admin team|site admin|guest author|guest post|staff writer
staff writers|associated press|read more|press release|sign in|log in
"""
_NOT_NAME_SINGLE = """
information info admin administrator administrators staff editor editors editorial redaction redaktion
rédaction redacción redazione redactie team contributor contributors guest anonymous unknown undefined
null none n/a author authors webmaster user users moderator locks hardware software news newsroom desk
press release home menu search login sign subscribe share email print reporter correspondent writer
writers reuters afp ap dpa ansa efe agencies agency wire sponsored partner advertisement advertorial
comments comment reply by posted written team marketing
category categories manufacturer manufacturers brand brands topic topics type price date popularity
relevance rating size color colour region location country industry product products service services
"""
NOT_NAMES = frozenset(_NOT_NAME_SINGLE.split()) | frozenset(
    p.strip() for line in _NOT_NAME_PHRASES.split("\n") for p in line.split("|") if p.strip())
#: Role words that may trail a name in a byline ("Emma Ryan Writer", "Jane Doe Senior Editor").
_ROLE_WORDS = frozenset("""
writer editor reporter contributor correspondent columnist author executive senior junior research
researcher founder cofounder co-founder ceo cto director manager head chief lead associate assistant
managing deputy staff freelance guest expert analyst producer photographer intern
master specialist consultant educator advisor adviser coach strategist scientist engineer
designer developer officer president partner attorney lawyer nurse therapist nutritionist
dietitian trainer teacher professor lecturer journalist blogger owner publisher creator
instructor planner horticulturist horticulturalist physician pharmacist dentist veterinarian
psychologist counselor counsellor realtor technician reviewer
""".split())
#: Honorifics before a name ("Dr Marna van der Merwe", "Ing. Karl Huber"): dropped like credentials
#: after it. The Austrian/German academic ones only with their dot: "Ing" and "Mag" alone are names.
_HONORIFIC = re.compile(r"^(?:(?:dr|prof|mr|mrs|ms|mx)\.?|(?:dipl\.?-ing|ing|mag)\.)\s+(?=\S)", re.IGNORECASE)
_NOT_NAME_WORDS = frozenset("""
team staff editors editorial newsroom desk media news agency group press department office board
committee council association society foundation institute university college school inc llc ltd
gmbh corp company co network magazine journal times post daily weekly tribune herald gazette
channel radio tv television online digital services solutions studio studios marketing blog
vs vs. versus
""".split())
_URL_TOKEN = re.compile(r"\S*(?:https?://|www\.|@)\S*", re.IGNORECASE)
_GLUE_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)")
_GLUED_BY = re.compile(r"^\s*(?:[Ww]ritten\s+)?[Bb]y(?=[A-Z][a-z])")   # "ByHeather Handmade"
#: Four lower-case letters then a capital inside a word: labels glued together ("ChecklistsJust"),
#: not a name's inner capital ("McNally", "MacDonald", "DeAndre").
_GLUED_WORDS = re.compile(r"[a-z]{4}[A-Z]")
_EMAIL_URL = re.compile(r"@|https?:|www\.|\.(?:com|org|net|io)\b", re.IGNORECASE)


def _words(s: str) -> list[str]:
    return s.split()


def is_name(name: str, sitenames: list[str] = (), hostname: str | None = None) -> bool:
    """Whether `name` (one person) reads as a person's name (see the module docstring)."""
    n = name.strip()
    if not n or len(n) > 60 or any(c.isdigit() for c in n) or _EMAIL_URL.search(n):
        return False
    if not (n[0].isalpha() or n[0] in "'’"):
        return False                         # ", Hardware", "— Staff"
    low = " ".join(n.lower().replace("’", "'").split())
    if low in NOT_NAMES or low.strip(".") in NOT_NAMES:
        return False
    words = low.split()
    if not 1 <= len(words) <= 5:
        return False
    if any(w.strip(".,") in _NOT_NAME_WORDS for w in words):
        return False
    if len(words) > 1 and words[0] in ("the", "our", "la", "le", "el", "die", "der", "il"):
        return False
    if "." in n and " " not in n or "_" in n or ":" in n:
        return False                         # "andrew.keaveney", "q_admin": user names; "Note: We"
    letters = [c for c in n if c.isalpha()]
    if len(letters) < 2:
        return False
    latin = all(c < "\u0250" or "\u1e00" <= c <= "\u1eff" for c in letters)   # Latin blocks
    if latin:
        if len(words) == 1 and n.islower():
            return False                     # "inikosoftseo": a user name (a byline's "By ibby"
            #                                  is kept by `clean_byline`'s explicit test)
        if any(w.endswith(("'s", "’s")) for w in n.split()):
            return False                     # "Editor's Note"
        if _GLUED_WORDS.search(n):
            return False                     # "Wedding ChecklistsJust EngagedWedding": glued labels
        if n.isupper() and len(words) == 1:
            return False                     # "CDC", "USA TODAY" (one word in capitals)
        if n.isupper() and len(words) > 1 and all(len(w) <= 5 for w in words):
            return False
        shouted = sum(1 for w in n.split() if len(w) >= 3 and w.isupper())
        if shouted and shouted < len(words):
            return False                     # "FlowGuard EMEA": a company and its region
        caps = sum(1 for w in n.split() if w[0].isupper())
        particles = sum(1 for w in words if w in ("de", "da", "van", "von", "der", "den", "di", "du",
                                                   "la", "le", "del", "dos", "das", "bin", "al", "y"))
        if len(words) > 1 and caps + particles < len(words):
            return False                     # "information security", "the editors"
    if len(words) == 1:
        for s in sitenames:
            if s and " ".join(s.lower().split()) == low:
                return False                 # a one-word site name ("Elliptic")
    if hostname and len(words) == 1:
        label = max(hostname.split(".")[:-1] or [""], key=len)
        if label and label == re.sub(r"\W", "", low):
            return False                     # "Elliptic" on elliptic.co
    return True


def starts_with_byline_word(text: str) -> bool:
    """A text that begins with a byline word ("By …", "Written by …", "Autor: …", "ByDaryl Austin")."""
    return _BYLINE_RX.match(text) is not None or _GLUED_BY.match(text) is not None


def byline_prefix_only(text: str) -> bool:
    """A block that is only a byline word ("By", "Written by:", "Autor:")."""
    return len(text) <= 24 and _PREFIX_ONLY.match(text) is not None


def split_names(text: str) -> list[str]:
    """The names of a cleaned byline: split at commas/"and"/"&"…, credentials dropped, and a
    part after a comma that is no name (a job title, a place) ending the list."""
    out = []
    for part in _SPLIT.split(text):
        part = part.strip(" .,:;-–—'\"“”")
        if not part or _CREDENTIAL.match(part):
            continue
        part = _HONORIFIC.sub("", part)
        if out and part.split()[-1].lower().strip(".,") in _ROLE_WORDS:
            break                             # "Audrey Huang, Print Managing Editor": a job title
        part = re.sub(r",?\s+(?:dvm|md|phd|cfp®?|rd|rn)\b\.?$", "", part, flags=re.IGNORECASE).strip()
        part = part.rstrip("®").strip()
        words = part.split()
        while len(words) > 2 and words[-1].lower().strip(".,") in _ROLE_WORDS:
            words.pop()                       # "Emma Ryan Writer" → "Emma Ryan"
        out.append(" ".join(words))
    return out


def clean_byline(text: str, sitenames: list[str] = (), hostname: str | None = None,
                 explicit: bool = False) -> list[str]:
    """The person names in a byline text ("By Sarah Schwartz — November 18, 2025" →
    ["Sarah Schwartz"]). `explicit`: the text is known to be a byline (a byline word was
    cut from it, or it came from an author field), so a lower-case single name ("ibby") is kept."""
    t = " ".join(text.split())
    t = _URL_TOKEN.sub(" | ", t).strip(" |")   # a profile link or e-mail is no name
    t = _GLUE_DIGIT.sub(" ", t)               # "Yucy3/4/2025" → "Yucy 3/4/2025"
    m = _BYLINE_RX.match(t) or _GLUED_BY.match(t)
    if m:
        t = t[m.end():]
        explicit = True
    t = t.strip(" :-–—|")
    site_cut = False     # a site name cut out of the byline: what is left may be a word of it ("By the")
    for site in sitenames:                    # "Brian Truitt USA TODAY"
        if site and len(site) >= 3 and site in t and t != site:
            t = t.replace(site, " | ").strip(" |")
            site_cut = True
    # "Tina Flint Huffman Websites • Marketing": cut at the first separator or date/meta word
    e = _END.search(t)
    if e and e.start() > 0:
        t = t[:e.start()]
    elif e:
        return []
    # a trailing date glued to the name ("Ryan Bald 02 Feb 2026 Product Reviews")
    dm = re.search(r"\s\d{1,2}\s+[A-Za-z]{3,}\.?\s+\d{4}\b|\s[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}", t)
    if dm and parse_date(dm.group(0), fallback=False):
        t = t[:dm.start()]
    names = []
    for part in split_names(t):
        ok = is_name(part, sitenames, hostname)
        if not ok and explicit and part and part.isalpha() and part.islower() and 2 < len(part) <= 20 \
                and part not in NOT_NAMES and not site_cut \
                and is_name(part.capitalize(), sitenames, hostname):
            ok = True
        if ok:
            if part not in names:
                names.append(part)
        elif names:
            break                            # "Jane Doe, Senior Writer": the rest is a title
    return names


def last_first(name: str) -> str:
    """"Roy, Aniruddha" (citation_author) → "Aniruddha Roy"."""
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if first and last and " " not in last:
            return f"{first} {last}"
    return name
