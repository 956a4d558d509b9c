"""Why a notice is in a feed, or a supplier fits a notice: the ranker's explanation (lib/matching/explain.py) said as
short sentences in the reader's language.

Each sentence is one translatable string with named placeholders (translators order the whole sentence); facts
come from the explanation, the deadline from the notice itself (the feed was ranked earlier: days pass), shown in
the reader's time zone. `for_supplier=True` words them to the supplier ("your category"); False to a buyer
("the supplier's category").
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from tenderbridge.lib import countries
from tenderbridge.lib.matching.text import NOISE_WORDS
from tenderbridge.lib.matching.weights import EVIDENCE_MEANING
from tenderbridge.lib.segment import FUNCTION_WORDS
from tenderbridge.opportunities.countdown import countdown

SIMILAR_MEANING = EVIDENCE_MEANING  # a cosine at least this high is worth saying ("similar in meaning")
WARNING, REASON = "warning", "reason"

UNGM_LEVELS = {
    "": lambda: _("not registered"),
    "basic": lambda: pgettext("UNGM registration level", "Basic"),
    "level_1": lambda: pgettext("UNGM registration level", "Level 1"),
    "level_2": lambda: pgettext("UNGM registration level", "Level 2"),
}


@dataclass(frozen=True)
class Reason:
    kind: str  # "reason" or "warning"
    key: str  # the explanation entry it says (code, history_buyer, deadline, …)
    text: str


def named_codes(explanations: list[dict]) -> set[str]:
    """Every UNSPSC code these explanations name (their titles are read with the notices' own)."""
    codes = set()
    for why in explanations:
        for key in ("code", "history_category", "history_buyer_category"):
            entry = (why or {}).get(key) or {}
            codes.update(c for c in (entry.get("code"), entry.get("supplier_code")) if c)
    return codes


def reasons(why: dict, titles: dict, *, deadline: datetime | None = None, day_only: bool = False,
            for_supplier: bool = True) -> list[Reason]:
    out = []
    for key, entry in why.items():
        if key in TEXT_SIGNALS:  # the words of every text signal, said once where the strongest one stands
            if not any(r.key == "words" for r in out) and (text := _words(why, for_supplier)):
                out.append(Reason(REASON, "words", text))
            continue
        text = _SENTENCES[key](entry, titles, for_supplier) if key in _SENTENCES else None
        if text:
            out.append(Reason(REASON, key, text))
    if not out and why:
        out.append(Reason(REASON, "weak", _("A weak match: nothing in it stands out against your profile.")
                          if for_supplier else _("A weak match: nothing in it stands out against the profile.")))
    out += _eligibility(why.get("eligibility") or {}, for_supplier)
    if deadline is not None and for_supplier:
        out.append(_deadline(deadline, day_only))
    return out


def _titled(code: str, titles: dict) -> str:
    row = titles.get(code)
    title = row.title if row else ""
    return _("%(code)s %(title)s") % {"code": code, "title": title} if title else code


def _code(entry: dict, titles: dict, for_supplier: bool) -> str:
    values = {"code": _titled(entry["code"], titles), "supplier_code": _titled(entry["supplier_code"], titles)}
    same = entry["code"] == entry["supplier_code"]
    if entry.get("supplier_origin") == "described":
        return _described_code(entry, values, same, for_supplier)
    if entry.get("origin") == "predicted":
        if for_supplier:
            return _("Its text reads like UNSPSC %(code)s, close to your category %(supplier_code)s.") % values
        return _("Its text reads like UNSPSC %(code)s, close to the supplier's category %(supplier_code)s.") % values
    if same:
        if for_supplier:
            return _("UNSPSC %(code)s is one of your categories.") % values
        return _("UNSPSC %(code)s is one of the supplier's categories.") % values
    if entry.get("level") == "segment":
        if for_supplier:
            return _("UNSPSC %(code)s is in the same segment as your category %(supplier_code)s.") % values
        return _("UNSPSC %(code)s is in the same segment as the supplier's category %(supplier_code)s.") % values
    if entry.get("level") == "family":
        if for_supplier:
            return _("UNSPSC %(code)s is in the same family as your category %(supplier_code)s.") % values
        return _("UNSPSC %(code)s is in the same family as the supplier's category %(supplier_code)s.") % values
    if for_supplier:
        return _("UNSPSC %(code)s is close to your category %(supplier_code)s.") % values
    return _("UNSPSC %(code)s is close to the supplier's category %(supplier_code)s.") % values


def _described_code(entry: dict, values: dict, same: bool, for_supplier: bool) -> str:
    """A code read from the description: the sentence names the description's words that gave it."""
    values = {**values, "words": entry.get("words") or ""}
    if entry.get("origin") == "predicted" and same:
        text = (_("Its text reads like UNSPSC %(code)s, which your description names (%(words)s).") if for_supplier
                else _("Its text reads like UNSPSC %(code)s, which the supplier's description names (%(words)s)."))
    elif entry.get("origin") == "predicted":
        if values["words"]:
            text = (_("Its text reads like UNSPSC %(code)s, close to %(supplier_code)s, which your description "
                      "names (%(words)s).") if for_supplier else
                    _("Its text reads like UNSPSC %(code)s, close to %(supplier_code)s, which the supplier's "
                      "description names (%(words)s)."))
        else:
            text = (_("Its text reads like UNSPSC %(code)s, close to %(supplier_code)s, a category read from your "
                      "description.") if for_supplier else
                    _("Its text reads like UNSPSC %(code)s, close to %(supplier_code)s, a category read from the "
                      "supplier's description."))
    elif same and values["words"]:
        text = (_("UNSPSC %(code)s is what your description names (%(words)s).") if for_supplier
                else _("UNSPSC %(code)s is what the supplier's description names (%(words)s)."))
    elif values["words"]:
        text = (_("UNSPSC %(code)s is close to %(supplier_code)s, which your description names (%(words)s).")
                if for_supplier else
                _("UNSPSC %(code)s is close to %(supplier_code)s, which the supplier's description names "
                  "(%(words)s)."))
    elif same:
        text = (_("UNSPSC %(code)s is a category read from your description.") if for_supplier
                else _("UNSPSC %(code)s is a category read from the supplier's description."))
    else:
        text = (_("UNSPSC %(code)s is close to %(supplier_code)s, a category read from your description.")
                if for_supplier else
                _("UNSPSC %(code)s is close to %(supplier_code)s, a category read from the supplier's "
                  "description."))
    return text % values


def _contracts(entry: dict, for_supplier: bool, similar: bool) -> str:
    count, year, buyer = entry.get("count") or 1, entry.get("year"), entry.get("buyer") or ""
    values = {"count": count, "year": year, "buyer": buyer}
    if similar:
        if year is None:
            text = (ngettext("Your contract with %(buyer)s for similar items.",
                             "Your %(count)d contracts with %(buyer)s for similar items.", count) if for_supplier
                    else ngettext("A contract with %(buyer)s for similar items.",
                                  "%(count)d contracts with %(buyer)s for similar items.", count))
        else:
            text = (ngettext("Your %(year)s contract with %(buyer)s for similar items.",
                             "Your %(count)d contracts with %(buyer)s for similar items, the latest in %(year)s.",
                             count) if for_supplier
                    else ngettext("A %(year)s contract with %(buyer)s for similar items.",
                                  "%(count)d contracts with %(buyer)s for similar items, the latest in %(year)s.",
                                  count))
        return text % values
    if year is None:
        text = (ngettext("You have worked for this buyer before.",
                         "You have worked for this buyer %(count)d times before.", count) if for_supplier
                else ngettext("Has worked for this buyer before.", "Has worked for this buyer %(count)d times before.",
                              count))
    else:
        text = (ngettext("You worked for this buyer in %(year)s.",
                         "You have worked for this buyer %(count)d times, the latest in %(year)s.", count)
                if for_supplier
                else ngettext("Worked for this buyer in %(year)s.",
                              "Has worked for this buyer %(count)d times, the latest in %(year)s.", count))
    return text % values


def _category_history(entry: dict, titles: dict, for_supplier: bool) -> str:
    count, year = entry.get("count") or 1, entry.get("year")
    values = {"count": count, "year": year, "code": _titled(entry.get("code") or "", titles)}
    if year is None:
        text = (ngettext("Your past contract in %(code)s.", "Your %(count)d past contracts in %(code)s.", count)
                if for_supplier
                else ngettext("A past contract in %(code)s.", "%(count)d past contracts in %(code)s.", count))
    else:
        text = (ngettext("Your %(year)s contract in %(code)s.",
                         "Your %(count)d past contracts in %(code)s, the latest in %(year)s.", count)
                if for_supplier
                else ngettext("A %(year)s contract in %(code)s.",
                              "%(count)d past contracts in %(code)s, the latest in %(year)s.", count))
    return text % values


def _value(entry: dict, titles: dict, for_supplier: bool) -> str:
    values = {"amount": f"{entry.get('amount')} {entry.get('currency') or ''}".strip(), "year": entry.get("year")}
    if entry.get("year") is None:
        return (_("Its value is close to your contract with this buyer of %(amount)s.") if for_supplier
                else _("Its value is close to the supplier's contract with this buyer of %(amount)s.")) % values
    return (_("Its value is close to your %(year)s contract with this buyer (%(amount)s).") if for_supplier
            else _("Its value is close to the supplier's %(year)s contract with this buyer (%(amount)s).")) % values


TEXT_SIGNALS = ("text_profile", "text_bm25", "text_history")


def _shown_word(word: str) -> bool:
    """Words worth showing: Chinese ones, and Latin ones of three letters or more ("en", "of" say nothing) —
    never function words or company suffixes and fillers (ltd, make, delivered, 有限公司: the ranker drops them,
    and an explanation stored before it did must not show them either)."""
    if word in FUNCTION_WORDS or word in NOISE_WORDS:
        return False
    return len(word) >= 3 or not word.isascii()


def _words(why: dict, for_supplier: bool) -> str | None:
    words = list(dict.fromkeys(w for key in TEXT_SIGNALS for w in (why.get(key) or {}).get("terms") or []
                               if _shown_word(w)))
    if not words:
        return None
    shown = pgettext("list separator", ", ").join(words[:5])
    if for_supplier:
        return _("Words it shares with your profile: %(words)s.") % {"words": shown}
    return _("Words it shares with the supplier's profile: %(words)s.") % {"words": shown}


def _meaning(entry: dict, titles: dict, for_supplier: bool) -> str | None:
    if (entry.get("value") or 0) < SIMILAR_MEANING:
        return None
    if for_supplier:
        return _("Similar in meaning to what your company does (in any language).")
    return _("Similar in meaning to what the supplier does (in any language).")


def _past_meaning(entry: dict, titles: dict, for_supplier: bool) -> str | None:
    if (entry.get("value") or 0) < SIMILAR_MEANING:
        return None
    if for_supplier:
        return _("Similar in meaning to your past contracts.")
    return _("Similar in meaning to the supplier's past contracts.")


def _local(entry: dict, titles: dict, for_supplier: bool) -> str:
    name = countries.name(entry.get("country") or "", "zh" if get_language() == "zh-hans" else "en")
    if for_supplier:
        return _("It is delivered in your country (%(country)s).") % {"country": name}
    return _("The supplier is in a country of delivery (%(country)s).") % {"country": name}


def _sme(entry: dict, titles: dict, for_supplier: bool) -> str:
    return _("The buyer marks it as suitable for small and medium enterprises.")


def _preference(entry: dict, titles: dict, for_supplier: bool) -> str:
    if for_supplier:
        return _("A UN organisation or a development bank buys it, as you asked.")
    return _("A UN organisation or a development bank buys it, as the supplier asked.")


_SENTENCES = {
    "code": _code,
    "history_buyer_category": lambda e, t, s: _contracts(e, s, similar=True),
    "history_buyer": lambda e, t, s: _contracts(e, s, similar=False),
    "history_category": _category_history,
    "history_value": _value,
    "embedding_profile": _meaning,
    "embedding_history": _past_meaning,
    "local": _local,
    "sme": _sme,
    "preference": _preference,
}


def _eligibility(entry: dict, for_supplier: bool) -> list[Reason]:
    out = []
    if entry.get("eligible") is False:
        out.append(Reason(WARNING, "eligibility", _("The buyer accepts bids only from some countries.")))
    registration = entry.get("registration")
    if registration:
        values = {"required": UNGM_LEVELS.get(registration.get("required", ""), UNGM_LEVELS[""])(),
                  "have": UNGM_LEVELS.get(registration.get("have", ""), UNGM_LEVELS[""])()}
        text = (_("UN notices of this type usually ask for UNGM registration at %(required)s; yours: %(have)s.")
                if for_supplier else
                _("UN notices of this type usually ask for UNGM registration at %(required)s; the supplier's: "
                  "%(have)s.")) % values
        out.append(Reason(WARNING, "registration", text))
    return out


def _deadline(deadline: datetime, day_only: bool) -> Reason:
    left = countdown(deadline, day_only)
    local = timezone.localtime(deadline)
    zone = zone_label(timezone.get_current_timezone_name())
    if day_only:
        text = _("%(countdown)s (%(date)s).") % {"countdown": left.text, "date": date_format(deadline, "DATE_FORMAT")}
    else:
        text = _("%(countdown)s, at %(time)s %(zone)s on %(date)s.") % {
            "countdown": left.text, "time": local.strftime("%H:%M"), "zone": zone,
            "date": date_format(local, "DATE_FORMAT"),
        }
    short = left.is_open and left.seconds < 5 * 86400
    return Reason(WARNING if short or not left.is_open else REASON, "deadline", text)


def zone_label(name: str) -> str:
    """A time zone as readers call it: "Beijing time" for Asia/Shanghai, else its name."""
    if name in ("Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC"):
        return _("Beijing time")
    return _("%(zone)s time") % {"zone": name}
