"""Language-agnostic text features for classifying notices: words, character n-grams and Chinese words.

Notices come in English, Norwegian, Spanish, French, Chinese… and the training titles in yet other
languages (Danish and Swedish CPV titles stand in for Norwegian). Whole words match within a language;
character 3- and 4-grams inside words let related languages and compounds meet ("konsulenttjenester"
shares "tjen", "enest" with Danish "tjenester"); Chinese has no spaces, so rjieba cuts it into words,
and character bigrams catch words the dictionary splits differently.
"""

import html
import re
import unicodedata
import zlib
from functools import lru_cache

import rjieba

_TAG = re.compile(r"<[^>]{0,200}>")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W\d_]{2,}")

_COMBINING = re.compile(r"[\u0300-\u036f]+")


def _fold(text: str) -> str:
    # Accents vary between sources and languages ("informática"/"informatica"); drop them.
    return text if text.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", text))


# Function words of the languages we meet; they carry no product meaning and are frequent in notices.
STOPWORDS = frozenset(
    _fold(word)
    for word in """
    a an and are as at be by for from has have in into is it its of on or the that this to was were will with
    all any other such which who our your their we you us not no per via under within
    og i på av til for med som er en et den det de om fra ved eller har skal kan vil være blir ikke
    og af til med som er det der den en et på fra ved eller har skal kan vil være bliver ikke
    och av till med som är en ett det den de på från vid eller har ska kan vill vara blir inte
    y de la el los las del al en por para con sin sobre un una unos unas que se su sus o e lo es
    le les des du au aux et en par pour avec sans sur un une que qui dans
    do da dos das no na nos nas em por para com sem um uma que e ou
    """.split()
)

# Procurement boilerplate: every notice says it, so it names no product ("supply" would otherwise pull
# notices towards the small families whose few titles contain it, such as "Power supply").
BOILERPLATE = frozenset(
    _fold(word)
    for word in """
    supply supplies supplying delivery deliver delivering provision provide providing procurement procure
    purchase purchasing acquisition tender tenders tendering invited invitation request quotation quotations
    proposal proposals rfq rfp itb eoi bid bids bidder bidders contract contracts contractor contractors
    framework agreement lot lots award awarded requirement requirements required various
    anskaffelse anskaffelsen anskaffelser levering leveranse leveranser innkjøp kjøp rammeavtale rammeavtaler
    konkurranse kunngjøring tilbud tilbyder leverandør leverandøren leverandører oppdrag oppdraget avtale avtalen
    kontrakt kontrakten oppdragsgiver inngå ønsker
    indkøb udbud levering leverance upphandling leverans avtal
    adquisicion suministro contratacion prestacion prestar licitacion contrato contratista compra entidad
    fourniture marche appel offres
    """.split()
)


def clean_text(text: str) -> str:
    """Plain text from notice fields that may hold HTML (UNGM descriptions, NSW tender descriptions)."""
    text = html.unescape(_TAG.sub(" ", text or ""))
    return text.replace("\ufffd", " ")  # replacement characters from mis-decoded sources split words


def _hash(feature: str, n_features: int) -> int:
    # crc32 is stable across processes (unlike hash()), so saved models stay valid.
    return zlib.crc32(feature.encode("utf-8")) % n_features


@lru_cache(maxsize=300_000)
def _latin_word_features(word: str, n_features: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(word feature ids, character n-gram feature ids) for one lower-cased Latin-script word."""
    padded = f"<{word}>"
    grams = [padded[i : i + n] for n in (3, 4) for i in range(len(padded) - n + 1)]
    return (_hash("w:" + word, n_features),), tuple(_hash("c:" + g, n_features) for g in grams)


@lru_cache(maxsize=100_000)
def _cjk_run_features(run: str, n_features: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    words = [w for w in rjieba.cut_for_search(run) if w.strip()]
    bigrams = [run[i : i + 2] for i in range(len(run) - 1)]
    return (
        tuple(_hash("w:" + w, n_features) for w in words),
        tuple(_hash("c:" + b, n_features) for b in bigrams),
    )


def features(text: str, n_features: int) -> tuple[list[int], list[int]]:
    """Hashed word features and hashed character features of a text, one entry per occurrence."""
    words: list[int] = []
    chars: list[int] = []
    lowered = clean_text(text).lower()
    for run in _CJK_RUN.findall(lowered):
        word_ids, char_ids = _cjk_run_features(run, n_features)
        words.extend(word_ids)
        chars.extend(char_ids)
    for word in _WORD.findall(_fold(_CJK_RUN.sub(" ", lowered))):
        if word in STOPWORDS or word in BOILERPLATE:
            continue
        word_ids, char_ids = _latin_word_features(word, n_features)
        words.extend(word_ids)
        chars.extend(char_ids)
    return words, chars
