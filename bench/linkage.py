"""How well, and how fast, the linker joins one child's records across agencies.

Generates the county's children as several agencies' noisy records (`seed.identities`,
true identities kept apart), links them with the shipped model, and prints precision
and recall of automatic links and of review candidates against the truth, twins joined,
the time to link the whole population, and the time to match one arriving record.

    .venv/bin/python bench/linkage.py                # county: 104,059 children
    .venv/bin/python bench/linkage.py --children 20000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hub.linkage.batch import Linked, decide_population, score_population  # noqa: E402
from hub.linkage.decide import Thresholds  # noqa: E402
from hub.linkage.matcher import Matcher  # noqa: E402
from seed.identities import agency_records  # noqa: E402

COUNTY_CHILDREN = 104_059


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=COUNTY_CHILDREN)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--arrivals", type=int, default=200)
    parser.add_argument("--link", type=float, nargs="+", default=[Thresholds.link],
                        help="link thresholds to report (one table row group each)")
    parser.add_argument("--review", type=float, nargs="+", default=[Thresholds.review],
                        help="review thresholds to report")
    args = parser.parse_args()

    started = time.perf_counter()
    county = agency_records(args.children, seed=args.seed)
    records, truth = county.records, county.truth
    generated = time.perf_counter() - started
    started = time.perf_counter()
    scored = score_population(records, min(args.review))
    scoring = time.perf_counter() - started
    true_pairs = _true_pairs(truth)
    twins = county.twin_record_pairs()

    matcher = Matcher(records[: len(records) // 2])
    arrivals = records[len(records) // 2:][: args.arrivals]
    timings = []
    for record in arrivals:
        t0 = time.perf_counter()
        matcher.match(record)
        timings.append((time.perf_counter() - t0) * 1000)

    print(f"children {args.children:,}, agency records {len(records):,}, "
          f"true same-child record pairs {len(true_pairs):,}, twin record pairs {len(twins):,}")
    print(f"generating {generated:.1f} s; scoring every blocked pair {scoring:.1f} s (target: the "
          f"county linked in under 120 s); one arriving record against {len(records) // 2:,} "
          f"held: p50 {statistics.median(timings):.1f} ms, p95 {_p95(timings):.1f} ms "
          f"(target under 50 ms)\n")
    print("| link at | review at | auto precision (≥ 0.995) | auto recall | twins joined (0) "
          "| review queue (true share) | recall linked or queued (≥ 0.95) | refused joins |")
    print("|---|---|---|---|---|---|---|---|")
    for link in args.link:
        for review in args.review:
            result = decide_population(scored, Thresholds(link=link, review=review))
            _row(link, review, result, truth, true_pairs, twins)


def _row(link: float, review: float, result: Linked, truth: dict[str, str],
         true_pairs: set[tuple[str, str]], twins: list[tuple[str, str]]) -> None:
    clusters: dict[str, list[str]] = defaultdict(list)
    for record, person in result.people.items():
        clusters[person].append(record)
    auto_pairs = {tuple(sorted(p)) for group in clusters.values() for p in combinations(group, 2)}
    auto_right = sum(1 for a, b in auto_pairs if truth[a] == truth[b])
    review_pairs = {tuple(sorted((p.left, p.right))) for p in result.reviews}
    review_right = sum(1 for a, b in review_pairs if truth[a] == truth[b])
    found = sum(1 for a, b in auto_pairs | review_pairs if truth[a] == truth[b])
    twins_joined = sum(1 for a, b in twins if result.people[a] == result.people[b])
    print(f"| {link} | {review} | {_ratio(auto_right, len(auto_pairs))} | "
          f"{_ratio(auto_right, len(true_pairs))} | {twins_joined} | {len(review_pairs):,} "
          f"({_ratio(review_right, len(review_pairs))}) | {_ratio(found, len(true_pairs))} | "
          f"{result.refused_joins} |")


def _true_pairs(truth: dict[str, str]) -> set[tuple[str, str]]:
    by_child: dict[str, list[str]] = defaultdict(list)
    for record, child in truth.items():
        by_child[child].append(record)
    return {tuple(sorted(p)) for group in by_child.values() for p in combinations(group, 2)}


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.4f}" if whole else "-"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


if __name__ == "__main__":
    main()
