"""The judged relevance benchmark's files and figures (Django-free; docs/relevance.md).

Files (benchmarks/relevance/):
- queries.jsonl: one search a line, {"id": "s001", "q": "医用手套", "kind": "zh"};
- profiles.jsonl: one supplier profile a line, {"id": "p01", "kind": "description" | "codes" | "contracts" |
  "mixed", "name_zh", "name_en", "country", "province", "city", "description", "codes": [UNSPSC],
  "contracts": [{"title", "buyer", "year", "description"}]} (every field but id and kind optional);
- judgements.csv: `id,ocid,grade,note` — a query's or a profile's id, a notice's OCID (stable across reloads),
  grade 0 (unrelated), 1 (related) or 2 (the firm could bid), a short note (required for a 2).

A file with a bad line is refused as a whole (BenchmarkFileError lists each bad line by number): a benchmark
that silently dropped a judgement would report figures nobody judged.

Figures, for one ranker over a set of queries (a search or a profile each), from its ranked OCIDs:
- nDCG@10 with graded gains 2^grade − 1 (0, 1, 3), the ideal ranking made of the query's judged open notices;
  averaged over the queries that have at least one relevant (grade ≥ 1) open notice;
- P@5: the share of the first five that are relevant, over the queries with at least five relevant open notices;
- zero-result rate: the share of queries whose ranking is empty;
- missed: of the queries with a relevant open notice, the share with none in their top 10;
- judged share: of the (open) notices in the top 10s, the share that were judged (an unjudged notice counts as
  0: a ranker that surfaces unjudged notices needs new pooling, not a lower score);
- noise: of the queries with no relevant open notice, the share given results anyway.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GRADES = (0, 1, 2)
RELEVANT = 1  # a grade at least this is a relevant notice
K = 10
P_AT = 5
PROFILE_KINDS = ("description", "codes", "contracts", "mixed")
MAX_QUERY_CHARS = 500
MAX_ERRORS_SHOWN = 20


class BenchmarkFileError(ValueError):
    """A benchmark file that cannot be used; the message names the file and each bad line."""


@dataclass(frozen=True)
class Query:
    id: str
    q: str
    kind: str = ""


@dataclass(frozen=True)
class Contract:
    title: str
    buyer: str = ""
    year: int | None = None
    description: str = ""


@dataclass(frozen=True)
class Profile:
    id: str
    kind: str
    name_zh: str = ""
    name_en: str = ""
    country: str = ""
    province: str = ""
    city: str = ""
    description: str = ""
    codes: tuple[str, ...] = ()
    contracts: tuple[Contract, ...] = ()

    @property
    def name(self) -> str:
        return self.name_zh or self.name_en


@dataclass(frozen=True)
class Judgement:
    grade: int
    note: str = ""


Judgements = dict[str, dict[str, Judgement]]  # query or profile id → OCID → judgement


def _fail(path: Path, errors: list[str]) -> None:
    shown = errors[:MAX_ERRORS_SHOWN]
    more = f"\n  … and {len(errors) - len(shown)} more" if len(errors) > len(shown) else ""
    raise BenchmarkFileError(f"{path}: {len(errors)} bad line(s), nothing read:\n  " + "\n  ".join(shown) + more)


def _open(path: str | Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise BenchmarkFileError(f"{path}: no such file")
    return path


def _json_lines(path: Path, errors: list[str]) -> Iterable[tuple[int, dict]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                errors.append(f"line {number}: not JSON ({error.msg})")
                continue
            if not isinstance(record, dict):
                errors.append(f"line {number}: not a JSON object")
                continue
            yield number, record


def _text(record: dict, key: str) -> str:
    value = record.get(key, "")
    return value.strip() if isinstance(value, str) else ""


def _check_id(record: dict, number: int, seen: set[str], errors: list[str]) -> str | None:
    ident = record.get("id")
    if not isinstance(ident, str) or not ident.strip():
        errors.append(f"line {number}: no \"id\"")
        return None
    ident = ident.strip()
    if ident in seen:
        errors.append(f"line {number}: id {ident!r} appears twice")
        return None
    seen.add(ident)
    return ident


def read_queries(path: str | Path) -> list[Query]:
    path, errors, seen, out = _open(path), list[str](), set[str](), list[Query]()
    for number, record in _json_lines(path, errors):
        ident = _check_id(record, number, seen, errors)
        q = _text(record, "q")
        if not q:
            errors.append(f"line {number}: no query text (\"q\")")
        elif len(q) > MAX_QUERY_CHARS:
            errors.append(f"line {number}: the query has {len(q)} characters; the search box keeps {MAX_QUERY_CHARS}")
        elif ident:
            out.append(Query(ident, q, _text(record, "kind")))
    if errors:
        _fail(path, errors)
    return out


def _contracts(raw, number: int, errors: list[str]) -> tuple[Contract, ...]:
    if raw in (None, []):
        return ()
    if not isinstance(raw, list):
        errors.append(f"line {number}: \"contracts\" is not a list")
        return ()
    out = []
    for i, item in enumerate(raw, 1):
        title = _text(item, "title") if isinstance(item, dict) else ""
        year = item.get("year") if isinstance(item, dict) else None
        if not title:
            errors.append(f"line {number}: contract {i} has no title")
        elif year is not None and not (isinstance(year, int) and 1900 < year < 2100):
            errors.append(f"line {number}: contract {i} has year {year!r}; give a year such as 2023")
        else:
            out.append(Contract(title, _text(item, "buyer"), year, _text(item, "description")))
    return tuple(out)


def _codes(raw, number: int, errors: list[str]) -> tuple[str, ...]:
    if raw in (None, []):
        return ()
    bad = [code for code in raw if not (isinstance(code, str) and len(code) == 8 and code.isdigit())] \
        if isinstance(raw, list) else [raw]
    if bad:
        errors.append(f"line {number}: not 8-digit UNSPSC codes: {bad[:5]!r}")
        return ()
    return tuple(raw)


def read_profiles(path: str | Path) -> list[Profile]:
    path, errors, seen, out = _open(path), list[str](), set[str](), list[Profile]()
    for number, record in _json_lines(path, errors):
        ident = _check_id(record, number, seen, errors)
        kind = _text(record, "kind")
        if kind not in PROFILE_KINDS:
            errors.append(f"line {number}: kind {kind!r} is not one of {', '.join(PROFILE_KINDS)}")
            continue
        codes = _codes(record.get("codes"), number, errors)
        contracts = _contracts(record.get("contracts"), number, errors)
        profile = Profile(
            ident or "", kind, _text(record, "name_zh"), _text(record, "name_en"), _text(record, "country").upper(),
            _text(record, "province"), _text(record, "city"), _text(record, "description"), codes, contracts,
        )
        if not (profile.description or profile.codes or profile.contracts):
            errors.append(f"line {number}: the profile says nothing of what the firm does (description, codes, contracts)")
        elif ident:
            out.append(profile)
    if errors:
        _fail(path, errors)
    return out


JUDGEMENT_COLUMNS = ("id", "ocid", "grade", "note")


def read_judgements(path: str | Path, known_ids: Iterable[str] | None = None) -> Judgements:
    """The judgements of a CSV file; refused whole (BenchmarkFileError) when a line is bad. `known_ids`: the
    query and profile ids the judgements may name (None: any)."""
    path, errors, out = _open(path), list[str](), Judgements()
    known = set(known_ids) if known_ids is not None else None
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != list(JUDGEMENT_COLUMNS[:3]):
            raise BenchmarkFileError(f"{path}: line 1 must be the header {','.join(JUDGEMENT_COLUMNS)}")
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            judged = _judgement(row, number, known, errors)
            if judged is None:
                continue
            ident, ocid, judgement = judged
            if ocid in out.setdefault(ident, {}):
                errors.append(f"line {number}: {ident} / {ocid} is judged twice")
            else:
                out[ident][ocid] = judgement
    if errors:
        _fail(path, errors)
    return out


def _judgement(row: list[str], number: int, known: set[str] | None, errors: list[str]):
    if len(row) < 3 or len(row) > 4:
        errors.append(f"line {number}: {len(row)} columns; expected {','.join(JUDGEMENT_COLUMNS)}")
        return None
    ident, ocid, grade = (cell.strip() for cell in row[:3])
    note = row[3].strip() if len(row) > 3 else ""
    if not ident or not ocid:
        errors.append(f"line {number}: an id and an ocid are needed")
        return None
    if known is not None and ident not in known:
        errors.append(f"line {number}: {ident!r} is neither a query nor a profile of the benchmark")
        return None
    if grade not in {str(g) for g in GRADES}:
        errors.append(f"line {number}: grade {grade!r}; use 0 (unrelated), 1 (related) or 2 (the firm could bid)")
        return None
    if grade == "2" and not note:
        errors.append(f"line {number}: a grade 2 needs a short note (why the firm could bid)")
        return None
    return ident, ocid, Judgement(int(grade), note)


def write_judgements(path: str | Path, judgements: Judgements, order: Sequence[str] | None = None) -> None:
    """Write judgements as read_judgements reads them: ids in `order` (default sorted), OCIDs sorted."""
    ids = list(order) if order is not None else sorted(judgements)
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(JUDGEMENT_COLUMNS)
        for ident in ids:
            for ocid in sorted(judgements.get(ident, {})):
                judgement = judgements[ident][ocid]
                writer.writerow([ident, ocid, judgement.grade, judgement.note])


# --- figures ------------------------------------------------------------------------------------------------


def gain(grade: int) -> float:
    return float(2**grade - 1)


def dcg(grades: Sequence[int], k: int = K) -> float:
    return sum(gain(g) / math.log2(rank + 2) for rank, g in enumerate(grades[:k]))


def ndcg(ranked: Sequence[str], judged: dict[str, Judgement], k: int = K) -> float | None:
    """nDCG@k of one ranking (None when the query has no relevant notice: the ideal is 0)."""
    ideal = dcg(sorted((j.grade for j in judged.values()), reverse=True), k)
    if ideal == 0:
        return None
    return dcg([_grade(judged, ocid) for ocid in ranked], k) / ideal


def precision(ranked: Sequence[str], judged: dict[str, Judgement], k: int = P_AT) -> float:
    """Relevant notices among the first k, over k (a ranking shorter than k counts its missing places as 0)."""
    return sum(_grade(judged, ocid) >= RELEVANT for ocid in ranked[:k]) / k


def relevant_count(judged: dict[str, Judgement]) -> int:
    return sum(j.grade >= RELEVANT for j in judged.values())


def _grade(judged: dict[str, Judgement], ocid: str) -> int:
    found = judged.get(ocid)
    return found.grade if found else 0


def restrict(judgements: Judgements, open_ocids: set[str]) -> Judgements:
    """The judgements of the notices open now (a notice closed, hidden or gone since judging is out of the
    ideal ranking)."""
    return {ident: {o: j for o, j in judged.items() if o in open_ocids} for ident, judged in judgements.items()}


@dataclass
class Figures:
    queries: int = 0
    with_relevant: int = 0  # queries with at least one relevant open notice
    ndcg: float | None = None  # mean over the queries with a relevant open notice
    p5_queries: int = 0  # queries with at least P_AT relevant open notices
    p5: float | None = None
    zero_results: float = 0.0
    missed: float | None = None  # of the queries with a relevant open notice, the share with none in the top 10
    judged_share: float | None = None  # of the notices in the top 10s
    noise: float | None = None  # of the queries with no relevant open notice, the share given results
    per_query: dict[str, dict] = field(default_factory=dict)

    def as_dict(self, with_queries: bool = False) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k != "per_query"}
        if with_queries:
            out["per_query"] = self.per_query
        return out


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def figures(rankings: dict[str, list[str]], judgements: Judgements, k: int = K,
            universe: set[str] | None = None) -> Figures:
    """The figures of one ranker: `rankings` maps each query id to its ranked OCIDs (best first). `universe`:
    the notices that could be judged (the open ones); the judged share counts only those (an award in a top 10
    is not a pooling gap: it scores 0 and is counted apart)."""
    out = Figures(queries=len(rankings))
    ndcgs, p5s, missed, noise = list[float](), list[float](), list[bool](), list[bool]()
    judged_in_top, shown = 0, 0
    for ident, ranked in rankings.items():
        judged = judgements.get(ident, {})
        top = ranked[:k]
        score, relevant = ndcg(ranked, judged, k), relevant_count(judged)
        hits = sum(_grade(judged, ocid) >= RELEVANT for ocid in top)
        row: dict[str, Any] = {"ndcg": score, "relevant": relevant, "relevant_in_top": hits, "results": len(ranked),
               "judged_in_top": sum(ocid in judged for ocid in top), "top": list(top)}
        if score is not None:
            ndcgs.append(score)
            missed.append(hits == 0)
        else:
            noise.append(bool(ranked))
        if relevant >= P_AT:
            row["p5"] = precision(ranked, judged)
            p5s.append(row["p5"])
        judged_in_top += row["judged_in_top"]
        shown += len(top) if universe is None else sum(ocid in universe for ocid in top)
        out.per_query[ident] = row
    out.with_relevant, out.p5_queries = len(ndcgs), len(p5s)
    out.ndcg, out.p5 = _mean(ndcgs), _mean(p5s)
    out.zero_results = _mean([not ranked for ranked in rankings.values()]) or 0.0
    out.missed = _mean([float(m) for m in missed])
    out.judged_share = judged_in_top / shown if shown else None
    out.noise = _mean([float(n) for n in noise])
    return out


# --- the goals ---------------------------------------------------------------------------------------

NDCG_LEAD = 1.25
P5_GOAL = 0.8
DESCRIPTION_HITS = 3


@dataclass(frozen=True)
class Goal:
    name: str
    passed: bool | None  # None: nothing to judge it on
    detail: str


def lead_goal(side: str, product: Figures, baselines: dict[str, Figures]) -> Goal:
    best_name, best = max(((n, f.ndcg or 0.0) for n, f in baselines.items()), key=lambda pair: pair[1])
    if product.ndcg is None:
        return Goal(f"{side}: nDCG@10 ≥ {NDCG_LEAD} × the better baseline", None, "no query has a relevant open notice")
    target = NDCG_LEAD * best
    return Goal(f"{side}: nDCG@10 ≥ {NDCG_LEAD} × the better baseline", product.ndcg >= target,
                f"product {product.ndcg:.3f}, {best_name} {best:.3f}, needed {target:.3f}")


def precision_goal(side: str, product: Figures) -> Goal:
    name = f"{side}: P@5 ≥ {P5_GOAL} on queries with ≥ {P_AT} relevant open notices"
    if product.p5 is None:
        return Goal(name, None, f"no query has {P_AT} relevant open notices")
    return Goal(name, product.p5 >= P5_GOAL, f"P@5 {product.p5:.3f} over {product.p5_queries} queries")


def description_goal(product: Figures, description_only: Iterable[str]) -> Goal:
    name = f"feeds: every description-only profile gets ≥ {DESCRIPTION_HITS} relevant notices in its top {K} where {DESCRIPTION_HITS} exist"
    eligible = [i for i in description_only if product.per_query.get(i, {}).get("relevant", 0) >= DESCRIPTION_HITS]
    if not eligible:
        return Goal(name, None, f"no description-only profile has {DESCRIPTION_HITS} relevant open notices")
    short = [i for i in eligible if product.per_query[i]["relevant_in_top"] < DESCRIPTION_HITS]
    detail = f"{len(eligible) - len(short)} of {len(eligible)} profiles"
    if short:
        detail += " (short: " + ", ".join(f"{i} {product.per_query[i]['relevant_in_top']}" for i in short) + ")"
    return Goal(name, not short, detail)
