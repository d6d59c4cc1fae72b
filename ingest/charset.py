"""Which encoding a text file's bytes are in, when they are not UTF-8.

charset-normalizer proposes encodings and ranks them, but among the single-byte ones that read
the same bytes without errors it often cannot tell: ISO-8859-2 Polish comes out as ISO-8859-10
("Zaŋóģæ gęķlą" for "Zażółć gęślą"), Hungarian as cp1252 ("közgyûlés"). A reading is wrong when
its letters belong to no one language, a symbol sits inside a word ("Urz±d"), or it has C1
control characters; so each reading proposed, and those of the common encodings, is checked
against the alphabets of the languages below, and the first clean one is taken.

Example::

    >>> decode("Zażółć gęślą jaźń".encode("iso-8859-2"))
    'Zażółć gęślą jaźń'
"""
from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

# The non-ASCII letters of each language's alphabet (lower case), as data. A reading whose
# letters outside ASCII all belong to one of them reads as a language. Icelandic is left out:
# its þ and ý are what Turkish's ş and ı read as in cp1252.
ALPHABETS = {
    "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž",
    "pl": "ąćęłńóśźż",
    "hu": "áéíóöőúüű",
    "hr": "čćđšž",  # and Slovenian, Bosnian, Serbian in Latin letters
    "ro": "ăâîșțşţ",
    "de": "äöüßé",
    "fr": "àâæçéèêëîïôœùûüÿ",
    "es": "áéíñóúü",
    "it": "àèéìíîòóù",
    "pt": "àáâãçéêíóôõú",
    "ca": "àçèéíïòóúü",
    "nl": "áäéëèíïóöúü",
    "cy": "âêîôûŵŷäëïöüáéíóúàèìòù",
    "da": "æøåéó",
    "sv": "åäöé",
    "fi": "äöåšž",
    "et": "äöõüšž",
    "lv": "āčēģīķļņšūž",
    "lt": "ąčęėįšųūž",
    "tr": "çğıöşüİ",
    "ru": "абвгдежзийклмнопрстуфхцчшщъыьэюяё",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "be": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюяѝ",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "el": "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",
    "he": "אבגדהוזחטיכךלמםנןסעפףצץקרשת",
    "ar": "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيـپچژکگی",
    "th": "".join(map(chr, [*range(0x0E01, 0x0E31), 0x0E32, 0x0E33, *range(0x0E40, 0x0E47)])),
}
# Tried after the reading charset-normalizer ranks first, before the rest it proposes. Windows'
# Western European is tried first when the detector has too little text to tell, or ties it.
COMMON = ("cp1252", "iso8859_2", "cp1250", "cp1251", "koi8_r", "cp1253", "iso8859_7", "cp1254")
# Non-ASCII marks that may touch a letter in a real text: quotes, dashes, ellipsis, degree and
# ordinal signs, bullets, daggers, currencies, trade marks, squares, middle dot, no-break and soft
# hyphen, spacing accents.
TYPOGRAPHY = set("‘’‚“”„–—…«»‹›¿¡•†‡€£°ºª™®©²³¹·\u00a0\u00ad´¨")
# Of those, the ones that may sit between two letters ("council’s", "l·l", "Mr\u00a0Smith").
IN_WORDS = set("’‘·–—\u00a0\u00ad")
MIN_EVIDENCE = 0.1  # charset-normalizer's coherence below which its language guess is noise
WESTERN_SHARE = 0.3  # of a text's letters, at most this many outside ASCII in a Western European text
SAMPLE = 200_000  # bytes judged; the whole file is then decoded in the encoding chosen
_LETTERS = {lang: set(letters) | set(letters.upper()) for lang, letters in ALPHABETS.items()}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def decode(data: bytes, declared: str | None = None) -> str:
    """A text file's bytes as text: by its byte-order mark, as UTF-8, in the charset it declares if that
    reads it, else in the first clean reading (see above), else as charset-normalizer reads it, with
    Windows' cp1252 where it ties or has too little text to tell, if the text reads as Western
    European in it.

    >>> decode("Caf\u00e9 opened at 9.".encode("cp1252"))
    'Caf\u00e9 opened at 9.'
    """
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return data[len(mark):].decode(codec, errors="replace")
    for tried in ("utf-8", declared):
        if tried:
            try:
                return data.decode(tried)
            except (UnicodeDecodeError, LookupError):
                pass
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    ties = best is None or best.coherence < MIN_EVIDENCE or any(
        match.encoding == "cp1252" and match.chaos <= best.chaos + 0.001 for match in matches
    )
    order = ["cp1252"] if ties else []
    order += [best.encoding] if best is not None else []
    for encoding in dict.fromkeys([*order, *COMMON, *(match.encoding for match in matches)]):
        try:
            if clean(data[:SAMPLE].decode(encoding, errors="ignore" if len(data) > SAMPLE else "strict")):
                return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    western = _cp1252(data)
    if western is not None and ties:
        return western
    if best is None:  # no encoding reads it cleanly: every byte kept as a character, none lost
        return data.decode("latin-1")
    return str(best)


def clean(text: str) -> bool:
    """Whether a reading looks like text: no C1 control characters, no symbol inside a word, no
    upper-case letter after a lower-case one or a letter beside one of another script, and its
    letters outside ASCII all of one language's alphabet."""
    letters: set[str] = set()
    for found in _NON_ASCII.finditer(text):
        i = found.start()
        ch = found.group()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if unicodedata.category(ch)[0] == "M":  # vowel signs, points
            continue
        if ch in TYPOGRAPHY:
            if before.isalpha() and after.isalpha() and ch not in IN_WORDS:
                return False  # "Œl¹sk": Polish "Śląsk" in cp1250 read as cp1252
            continue
        if ch.isalpha():
            letters.add(ch)
            if ch.isupper() and before.islower() and not before.isascii():
                return False  # "сОВЕТ": KOI8-R read as cp1251
            if any(n.isalpha() and _script(n) != _script(ch) for n in (before, after)):
                return False
        elif unicodedata.category(ch)[0] == "C" or before.isalpha() or after.isalpha():
            return False
    return not letters or any(letters <= alphabet for alphabet in _LETTERS.values())


def _script(ch: str) -> str:
    """LATIN, CYRILLIC, GREEK ...: the first word of a letter's Unicode name."""
    return unicodedata.name(ch, "?").split(" ")[0]


def _cp1252(data: bytes) -> str | None:
    """The bytes read as Windows' cp1252, if they are that and read like a Western European text:
    a few accented letters among plain ones (Cyrillic read as cp1252 is all accented letters)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    accented = sum(not ch.isascii() for ch in letters)
    symbols = sum(not ch.isascii() and not ch.isalpha() and ch not in _TYPOGRAPHY for ch in text)
    return text if accented <= WESTERN_SHARE * len(letters) and not symbols else None


_TYPOGRAPHY = set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u20ac\u00a3\u00a0\u00b7\u00b0\u00a9\u00ae\u2122\u00a7\u00bd\u00bc\u00be")


# Longest first: UTF-32's little-endian mark begins with UTF-16's.
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]
