"""Evaluate rankings on labelled data: the files of `manage.py evaluate_matching`.

- P.jsonl: one supplier per line: {"id", "name", "country", "description", "unspsc": [codes], "history": [{"title",
  "description", "buyer", "date", "amount", "currency"}]}; any field but "id" may be missing or empty ("size_class",
  "ungm_level", "certificates", "women_owned", "languages" and a contract's "unspsc" are read when present).
- N.jsonl: one OCDS compiled release per line (read by lib/ocds/normalise.py; "ocid" is required).
- T.csv: header profile_id,ocid: the true pairs (the supplier won that notice).

Bad input never stops the run unless nothing usable is left: a line that is not JSON, not an object or has no id is
reported with its file and line number and skipped; a missing field is left empty and counted; a T.csv row naming
an unknown id is reported, counted and skipped. Missing files, a T.csv without its two columns, or no usable rows
raise EvaluationError with a message that says which file and why.

Metrics, per direction (notice-to-supplier: each notice with at least one true supplier ranks every supplier;
supplier-to-notice: each supplier with at least one true notice ranks every notice):
- recall@k: the share of a query's true items ranked in its top k, averaged over queries;
- MRR: 1 / rank of a query's best-ranked true item (0 when excluded), averaged over queries.
Ranks break ties by index row, as the ranker does; the rows are put in a seeded random order first, so the order
of the input files cannot favour a ranking that ties a lot. Ids are used for joining and nothing else.
"""

import csv
import io
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np

from tenderbridge.lib import countries
from tenderbridge.lib.ocds.normalise import parse_amount

from . import baselines
from . import codes as C
from .features import NoticeFeatures, PastContract, SupplierFeatures
from .index import NoticeIndex, SupplierIndex
from .ocds import Predict, notice_features
from .ranker import score_notices, score_suppliers
from .weights import WEIGHTS, Weights

DIRECTIONS = ("notice-to-supplier", "supplier-to-notice")
RANKERS = ("product", *baselines.BASELINES)
KEPT_PROBLEMS = 200  # problems kept per file for the report (all are counted)


class EvaluationError(Exception):
    """The evaluation cannot run: the message says which file and why."""


@dataclass
class FileReport:
    path: str
    rows: int = 0
    used: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    missing: Counter = field(default_factory=Counter)  # field → rows where it was missing or unusable
    unknown: Counter = field(default_factory=Counter)  # T.csv: column → rows naming an unknown id

    def problem(self, line: int, message: str) -> None:
        self.skipped += 1
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(f"{Path(self.path).name} line {line}: {message}")

    def as_dict(self) -> dict:
        return {"path": self.path, "rows": self.rows, "used": self.used, "skipped": self.skipped,
                "missing": dict(sorted(self.missing.items())), "unknown": dict(sorted(self.unknown.items())),
                "problems": self.problems}


def _lines(path: str | Path, report: FileReport) -> Iterator[tuple[int, object]]:
    """(line number, parsed JSON) of each non-blank line; unreadable lines are reported and skipped."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 — closed below; bytes so one bad line cannot stop the file
    except OSError as exc:
        raise EvaluationError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            report.rows += 1
            try:
                yield number, json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                report.problem(number, "not UTF-8 text")
            except ValueError as exc:
                report.problem(number, f"not JSON ({exc.args[0] if exc.args else exc})")


def _id(value) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return str(value).strip()


def _text(record: dict, key: str, report: FileReport, what: str = "") -> str:
    value = record.get(key)
    if isinstance(value, str) and value.strip():
        return value
    report.missing[what or key] += 1
    return ""


def _date(value) -> date | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return date(value, 1, 1)
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return date(int(text), 1, 1)
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _contract(raw, report: FileReport) -> PastContract | None:
    if not isinstance(raw, dict):
        report.missing["history entry (not an object)"] += 1
        return None
    when = _date(raw.get("date"))
    if when is None:
        report.missing["history.date"] += 1
    amount = parse_amount(raw.get("amount"))
    return PastContract(
        title=raw["title"] if isinstance(raw.get("title"), str) else "",
        description=raw["description"] if isinstance(raw.get("description"), str) else "",
        buyer=raw["buyer"] if isinstance(raw.get("buyer"), str) else "",
        date=when,
        amount=amount,
        currency=raw["currency"].upper()[:3] if isinstance(raw.get("currency"), str) else "",
        unspsc=_codes(raw.get("unspsc"), report, "history.unspsc"),
    )


def _codes(raw, report: FileReport, what: str) -> tuple[str, ...]:
    if raw is None or raw == [] or raw == "":
        return ()
    items = raw if isinstance(raw, list) else [raw]
    good = C.cleaned(items)
    bad = sum(1 for item in items if C.clean(item) is None)
    if bad:
        report.missing[f"{what} (malformed codes)"] += bad
    return good


def _strings(raw) -> tuple[str, ...]:
    return tuple(x for x in raw if isinstance(x, str)) if isinstance(raw, list) else ()


def _profile(record: dict, report: FileReport) -> SupplierFeatures:
    country_text = record.get("country") if isinstance(record.get("country"), str) else ""
    country = countries.lookup(country_text) or ""
    if not country:
        report.missing["country" if not country_text else "country (unknown)"] += 1
    history_raw = record.get("history") if isinstance(record.get("history"), list) else []
    if not history_raw:
        report.missing["history"] += 1
    history = tuple(c for c in (_contract(raw, report) for raw in history_raw) if c is not None)
    women = record.get("women_owned")
    return SupplierFeatures(
        id=_id(record.get("id")),
        name=_text(record, "name", report),
        country=country,
        description=_text(record, "description", report),
        unspsc=_codes(record.get("unspsc"), report, "unspsc"),
        history=history,
        size_class=record["size_class"] if isinstance(record.get("size_class"), str) else "",
        ungm_level=record["ungm_level"] if isinstance(record.get("ungm_level"), str) else "",
        certificates=_strings(record.get("certificates")),
        women_owned=women if isinstance(women, bool) else None,
        languages=_strings(record.get("languages")),
    )


def read_profiles(path: str | Path) -> tuple[list[SupplierFeatures], FileReport]:
    report = FileReport(str(path))
    found: dict[str, SupplierFeatures] = {}
    for number, record in _lines(path, report):
        if not isinstance(record, dict):
            report.problem(number, "not a JSON object")
            continue
        supplier_id = _id(record.get("id"))
        if not supplier_id:
            report.problem(number, 'no "id" (a string or a number)')
        elif supplier_id in found:
            report.problem(number, f"the id {supplier_id!r} was already used above")
        else:
            found[supplier_id] = _profile(record, report)
    report.used = len(found)
    if not found:
        raise EvaluationError(f"{path} has no usable supplier profile ({report.rows} lines read).")
    return list(found.values()), report


def read_notices(path: str | Path, predict: Predict | None = None) -> tuple[list[NoticeFeatures], FileReport]:
    report = FileReport(str(path))
    found: dict[str, NoticeFeatures] = {}
    for number, release in _lines(path, report):
        if not isinstance(release, dict):
            report.problem(number, "not a JSON object (an OCDS compiled release is expected)")
            continue
        ocid = _id(release.get("ocid"))
        if not ocid:
            report.problem(number, 'no "ocid"')
            continue
        if ocid in found:
            report.problem(number, f"the ocid {ocid!r} was already used above")
            continue
        try:
            notice = notice_features(release, predict)
        except Exception as exc:  # noqa: BLE001 — one odd release must not stop the evaluation
            report.problem(number, f"cannot be read as an OCDS release ({type(exc).__name__}: {exc})")
            continue
        _count_missing(notice, report)
        found[ocid] = notice
    report.used = len(found)
    if not found:
        raise EvaluationError(f"{path} has no usable notice ({report.rows} lines read).")
    return list(found.values()), report


def _count_missing(notice: NoticeFeatures, report: FileReport) -> None:
    for name, value in (("date", notice.date), ("buyer", notice.buyer), ("tender.title", notice.title),
                        ("tender.description", notice.description)):
        if not value:
            report.missing[name] += 1
    if not notice.unspsc:
        report.missing["tender.items[].classification (no UNSPSC or CPV code)"] += 1


def read_truth(path: str | Path, profile_ids: set[str], notice_ids: set[str]) -> tuple[list[tuple[str, str]], FileReport]:
    report = FileReport(str(path))
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise EvaluationError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{path} is not UTF-8 text.") from exc
    rows = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(rows, [])]
    if "profile_id" not in header or "ocid" not in header:
        raise EvaluationError(f"{path} must start with the header profile_id,ocid (found {','.join(header) or 'nothing'}).")
    p_col, n_col = header.index("profile_id"), header.index("ocid")
    pairs: dict[tuple[str, str], None] = {}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        report.rows += 1
        if len(row) <= max(p_col, n_col) or not row[p_col].strip() or not row[n_col].strip():
            report.problem(number, "a profile_id or ocid is missing")
            continue
        profile_id, ocid = row[p_col].strip(), row[n_col].strip()
        if profile_id not in profile_ids or ocid not in notice_ids:
            for column, value, known in (("profile_id", profile_id, profile_ids), ("ocid", ocid, notice_ids)):
                if value not in known:
                    report.unknown[column] += 1
            report.problem(number, f"unknown {'profile_id ' + repr(profile_id) if profile_id not in profile_ids else 'ocid ' + repr(ocid)}")
            continue
        pairs[(profile_id, ocid)] = None
    report.used = len(pairs)
    if not pairs:
        raise EvaluationError(f"{path} has no true pair whose profile_id and ocid are both in the other files.")
    return list(pairs), report


def with_predicted_history(suppliers: list[SupplierFeatures], predict: Predict | None) -> list[SupplierFeatures]:
    """Past contracts without codes get the families predicted from their text (as notices do)."""
    if predict is None:
        return suppliers

    def coded(contract: PastContract) -> PastContract:
        if contract.unspsc:
            return contract
        return replace(contract, unspsc=tuple(predict(f"{contract.title}\n{contract.description[:2000]}")))

    return [replace(s, history=tuple(coded(c) for c in s.history)) if s.history else s for s in suppliers]


# -- running the rankings ----------------------------------------------------------------------------------


def build_indexes(
    suppliers: list[SupplierFeatures], notices: list[NoticeFeatures], seed: int = 0, encoder=None
) -> tuple[SupplierIndex, NoticeIndex]:
    """Both indexes, their rows in a seeded random order (see the module's note on ties)."""
    rng = np.random.default_rng(seed)
    s_order, n_order = rng.permutation(len(suppliers)), rng.permutation(len(notices))
    return (SupplierIndex.build([suppliers[i] for i in s_order], encoder),
            NoticeIndex.build([notices[i] for i in n_order], encoder=encoder))


def ranks(scores: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """1-based ranks of some rows under ranker.order's rule (ties by row); inf for an excluded row."""
    out = np.full(len(rows), np.inf)
    for i, row in enumerate(rows):
        value = scores[row]
        if np.isfinite(value):
            out[i] = 1 + np.count_nonzero(scores > value) + np.count_nonzero(scores[:row] == value)
    return out


@dataclass
class _Tally:
    ks: tuple[int, ...]
    queries: int = 0
    recall: dict = field(default_factory=dict)
    reciprocal: float = 0.0

    def add(self, query_ranks: np.ndarray) -> None:
        self.queries += 1
        for k in self.ks:
            self.recall[k] = self.recall.get(k, 0.0) + float(np.mean(query_ranks <= k))
        best = float(query_ranks.min())
        self.reciprocal += 1.0 / best if np.isfinite(best) else 0.0

    def result(self) -> dict:
        n = max(self.queries, 1)
        return {**{f"recall@{k}": round(self.recall.get(k, 0.0) / n, 4) for k in self.ks},
                "mrr": round(self.reciprocal / n, 4)}


def evaluate(
    suppliers: list[SupplierFeatures],
    notices: list[NoticeFeatures],
    truth: list[tuple[str, str]],
    *,
    directions=DIRECTIONS,
    ks=(1, 5, 10),
    seed: int = 0,
    weights: Weights = WEIGHTS,
    encoder=None,
    max_queries: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """recall@k and MRR of the product's ranker and each baseline, per direction."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    s_index, n_index = build_indexes(suppliers, notices, seed, encoder)
    if callable(getattr(encoder, "save", None)):
        encoder.save()  # a cache of vectors (tenderbridge.matching.evaluation.CachedEncoder): keep them now
    say(f"indexes built in {time.perf_counter() - started:.1f} s")
    out = {"k": list(ks), "seed": seed, "suppliers": len(s_index), "notices": len(n_index), "directions": {}}
    for direction in directions:
        began = time.perf_counter()
        result = _direction(direction, s_index, n_index, truth, tuple(ks), seed, weights, max_queries, say)
        result["seconds"] = round(time.perf_counter() - began, 1)
        out["directions"][direction] = result
    return out


def _queries(direction, s_index, n_index, truth, seed, max_queries):
    """(query rows in the index searched from, true rows in the index searched) per query."""
    true: dict[int, list[int]] = defaultdict(list)
    for profile_id, ocid in truth:
        s_row, n_row = s_index.row_of[profile_id], n_index.row_of[ocid]
        if direction == "notice-to-supplier":
            true[n_row].append(s_row)
        else:
            true[s_row].append(n_row)
    rows = sorted(true)
    if max_queries is not None and max_queries < len(rows):
        rows = sorted(np.random.default_rng(seed).choice(rows, size=max_queries, replace=False).tolist())
    return [(row, np.asarray(sorted(set(true[row])), dtype=np.int64)) for row in rows]


def _direction(direction, s_index, n_index, truth, ks, seed, weights, max_queries, say) -> dict:
    queries = _queries(direction, s_index, n_index, truth, seed, max_queries)
    tallies = {name: _Tally(ks) for name in RANKERS}
    rng = np.random.default_rng(seed + 1)
    to_suppliers = direction == "notice-to-supplier"
    for done, (row, true_rows) in enumerate(queries, start=1):
        if to_suppliers:
            notice = n_index.notices[row]
            scored = {"product": score_suppliers(notice, s_index, None, weights),
                      "unspsc": baselines.unspsc_suppliers(notice, s_index),
                      "bm25": baselines.bm25_suppliers(notice, s_index)}
            size = len(s_index)
        else:
            supplier = s_index.entry(row)
            scored = {"product": score_notices(supplier, n_index, None, weights),
                      "unspsc": baselines.unspsc_notices(supplier, n_index),
                      "bm25": baselines.bm25_notices(supplier, n_index)}
            size = len(n_index)
        scored["random"] = baselines.random_scores(size, rng)
        for name in RANKERS:
            tallies[name].add(ranks(scored[name], true_rows))
        if done % 1000 == 0:
            say(f"{direction}: {done:,} of {len(queries):,} queries")
    return {"queries": len(queries), "candidates": len(s_index) if to_suppliers else len(n_index),
            "rankers": {name: tallies[name].result() for name in RANKERS}}


def format_report(result: dict, files: list[FileReport]) -> str:
    lines = []
    for report in files:
        missing = ", ".join(f"{name} {count:,}" for name, count in sorted(report.missing.items()))
        lines.append(f"{report.path}: {report.used:,} used, {report.skipped:,} skipped"
                     + (f"; missing or unusable: {missing}" if missing else ""))
    ks = result["k"]
    for direction, block in result["directions"].items():
        lines.append("")
        lines.append(f"{direction}: {block['queries']:,} queries, each ranking {block['candidates']:,} "
                     f"({block['seconds']} s)")
        header = f"{'ranker':<10}" + "".join(f"{'recall@' + str(k):>11}" for k in ks) + f"{'MRR':>9}"
        lines.append(header)
        for name, metrics in block["rankers"].items():
            lines.append(f"{name:<10}" + "".join(f"{metrics[f'recall@{k}']:>11.4f}" for k in ks)
                         + f"{metrics['mrr']:>9.4f}")
    return "\n".join(lines)


