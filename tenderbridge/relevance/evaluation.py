"""The benchmark run: every ranker over every search and profile, then the figures and the goals
(`manage.py evaluate_relevance`; benchmarks/relevance/pool.py takes the same rankings deeper for pooling)."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from tenderbridge.lib import relevance as R

from . import rankers

RANKERS = ("product", "bm25", "vectors")
BASELINES = ("bm25", "vectors")
# Search only, not in the goals: the product with the "open for bids" filter chosen (the default list also
# shows closed tenders: this line tells how much of the product's figure is ranking and how much filtering).
DIAGNOSTIC = "product-open"


@dataclass
class Rankings:
    now: datetime
    open_ocids: set[str]
    search: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # ranker → query id → OCIDs
    feeds: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # ranker → profile id → OCIDs
    seconds: dict[str, float] = field(default_factory=dict)


def rank_all(queries: list[R.Query], profiles: list[R.Profile], now: datetime, depth: int = rankers.DEPTH,
             say: Callable[[str], None] = lambda _m: None) -> Rankings:
    documents = rankers.open_documents(now)
    out = Rankings(now, {d.ocid for d in documents})
    started = time.perf_counter()
    baselines = rankers.Baselines.build(documents)
    out.seconds["baselines built"] = time.perf_counter() - started
    say(f"{len(documents)} open notices at {now.isoformat()}; baselines built")
    search = {
        "product": lambda q: rankers.search_product(q.q, now, depth),
        DIAGNOSTIC: lambda q: rankers.search_product(q.q, now, depth, only_open=True),
        "bm25": lambda q: baselines.bm25.rank(q.q, depth),
        "vectors": lambda q: baselines.vectors.rank(q.q, depth),
    }
    for name, rank in search.items():
        started = time.perf_counter()
        out.search[name] = {q.id: rank(q) for q in queries}
        out.seconds[f"search {name}"] = time.perf_counter() - started
        say(f"search ranked by {name}")
    texts = {p.id: rankers.profile_query(p) for p in profiles}
    feeds = {
        "product": lambda p: rankers.feed_product(p, now, depth),
        "bm25": lambda p: baselines.bm25.rank(texts[p.id], depth),
        "vectors": lambda p: baselines.vectors.rank(texts[p.id], depth),
    }
    for name, rank in feeds.items():
        started = time.perf_counter()
        out.feeds[name] = {p.id: rank(p) for p in profiles}
        out.seconds[f"feeds {name}"] = time.perf_counter() - started
        say(f"feeds ranked by {name}")
    return out


@dataclass
class Report:
    now: datetime
    open_notices: int
    judgements: int
    judged_open: int  # judgements of notices open now
    search: dict[str, R.Figures]
    feeds: dict[str, R.Figures]
    goals: list[R.Goal]
    queries: int
    profiles: int
    not_open_in_top: dict[str, float]  # side/ranker → share of top-10 places given to notices not open (awards…)
    by_kind: dict[str, dict[str, dict[str, float | None]]] = field(default_factory=dict)  # side → kind → ranker → nDCG


def evaluate(queries: list[R.Query], profiles: list[R.Profile], judgements: R.Judgements, ranked: Rankings) -> Report:
    current = R.restrict(judgements, ranked.open_ocids)
    search = {name: R.figures(ranked.search[name], current, universe=ranked.open_ocids) for name in ranked.search}
    feeds = {name: R.figures(ranked.feeds[name], current, universe=ranked.open_ocids) for name in ranked.feeds}
    description_only = [p.id for p in profiles if p.kind == "description"]
    goals = [
        R.lead_goal("search", search["product"], {n: search[n] for n in BASELINES}),
        R.lead_goal("feeds", feeds["product"], {n: feeds[n] for n in BASELINES}),
        R.precision_goal("search", search["product"]),
        R.precision_goal("feeds", feeds["product"]),
        R.description_goal(feeds["product"], description_only),
    ]
    not_open = {}
    for side, rankings in (("search", ranked.search), ("feeds", ranked.feeds)):
        for name in rankings:
            tops = [o for ocids in rankings[name].values() for o in ocids[: R.K]]
            not_open[f"{side} {name}"] = sum(o not in ranked.open_ocids for o in tops) / len(tops) if tops else 0.0
    by_kind = {"search": _by_kind({q.id: q.kind for q in queries}, search),
               "feeds": _by_kind({p.id: p.kind for p in profiles}, feeds)}
    return Report(ranked.now, len(ranked.open_ocids), sum(map(len, judgements.values())),
                  sum(map(len, current.values())), search, feeds, goals, len(queries), len(profiles), not_open, by_kind)


def _by_kind(kinds: dict[str, str], figures: dict[str, R.Figures]) -> dict[str, dict[str, float | None]]:
    """Mean nDCG@10 per kind of query (zh, en, zh-typo, …; description, codes, …) for each ranker."""
    out: dict[str, dict[str, float | None]] = {}
    for kind in sorted(set(kinds.values())):
        ids = [i for i, k in kinds.items() if k == kind]
        for name, f in figures.items():
            scores = [f.per_query[i]["ndcg"] for i in ids if f.per_query.get(i, {}).get("ndcg") is not None]
            out.setdefault(kind, {})[name] = sum(scores) / len(scores) if scores else None
        out[kind]["queries"] = len(ids)
    return out


def _number(value: float | None, places: int = 3) -> str:
    return "—" if value is None else f"{value:.{places}f}"


def format_report(report: Report) -> str:
    lines = [
        f"Relevance benchmark at {report.now.isoformat()}: {report.open_notices} open notices; "
        f"{report.queries} searches, {report.profiles} profiles; {report.judgements} judgements, "
        f"{report.judged_open} of them of notices open now",
    ]
    for side, figures in (("search", report.search), ("feeds", report.feeds)):
        product = figures["product"]
        lines += [
            "",
            f"{side}: {product.queries} queries, {product.with_relevant} with a relevant open notice, "
            f"{product.p5_queries} with at least {R.P_AT}",
            f"  {'ranker':<13} {'nDCG@10':>8} {'P@5':>6} {'zero-result':>12} {'missed':>7} {'judged@10':>10} "
            f"{'noise':>6} {'not open@10':>12}",
        ]
        for name, f in figures.items():
            lines.append(
                f"  {name:<13} {_number(f.ndcg):>8} {_number(f.p5):>6} {_number(f.zero_results):>12} "
                f"{_number(f.missed):>7} {_number(f.judged_share):>10} {_number(f.noise):>6} "
                f"{_number(report.not_open_in_top[f'{side} {name}']):>12}"
            )
        kinds = report.by_kind.get(side, {})
        if kinds:
            names = list(figures)
            lines.append(f"  nDCG@10 by kind: {'kind':<12} {'n':>3} " + " ".join(f"{n:>12}" for n in names))
            for kind, row in kinds.items():
                lines.append(f"                   {kind or '—':<12} {row['queries']:>3} "
                             + " ".join(f"{_number(row[n]):>12}" for n in names))
    lines += ["", "goals (issue 13):"]
    for goal in report.goals:
        verdict = {True: "PASS", False: "FAIL", None: "n/a "}[goal.passed]
        lines.append(f"  {verdict}  {goal.name}: {goal.detail}")
    lines += [
        "",
        "missed = of the queries with a relevant open notice, the share with none in the top 10; noise = of the",
        "queries with no relevant open notice, the share given results; judged@10 = judged share of the top 10s",
        "of the open notices shown (unjudged count as 0: a low share means new pooling is needed); not open@10 =",
        f"top-10 places given to awards or closed notices (count as 0). {DIAGNOSTIC}: the search with the filter",
        "\"open for bids\" chosen (a diagnostic, not in the goals).",
    ]
    return "\n".join(lines)


def as_json(report: Report, with_queries: bool = False) -> dict:
    return {
        "now": report.now.isoformat(),
        "open_notices": report.open_notices,
        "queries": report.queries,
        "profiles": report.profiles,
        "judgements": report.judgements,
        "judged_open": report.judged_open,
        "search": {n: f.as_dict(with_queries) for n, f in report.search.items()},
        "feeds": {n: f.as_dict(with_queries) for n, f in report.feeds.items()},
        "not_open_in_top": report.not_open_in_top,
        "ndcg_by_kind": report.by_kind,
        "goals": [{"name": g.name, "passed": g.passed, "detail": g.detail} for g in report.goals],
    }


QUERY_COLUMNS = ("side", "ranker", "id", "ndcg", "p5", "relevant", "relevant_in_top", "results")


def write_queries_csv(report: Report, path: str) -> None:
    """Each query's figures per ranker, one row each (nDCG empty where the query has no relevant open notice)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(QUERY_COLUMNS)
        for side, figures in (("search", report.search), ("feeds", report.feeds)):
            for name, f in figures.items():
                for ident, row in f.per_query.items():
                    ndcg, p5 = row["ndcg"], row.get("p5")
                    writer.writerow([side, name, ident, "" if ndcg is None else f"{ndcg:.4f}",
                                     "" if p5 is None else f"{p5:.2f}", row["relevant"], row["relevant_in_top"],
                                     row["results"]])
