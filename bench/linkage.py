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

from hub.linkage.batch import link_population  # noqa: E402
from hub.linkage.decide import Thresholds  # noqa: E402
from hub.linkage.matcher import Matcher  # noqa: E402
from seed.identities import agency_records  # noqa: E402

COUNTY_CHILDREN = 104_059


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=COUNTY_CHILDREN)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--arrivals", type=int, default=200)
    parser.add_argument("--link", type=float, default=Thresholds.link, help="link threshold")
    parser.add_argument("--review", type=float, default=Thresholds.review, help="review threshold")
    args = parser.parse_args()

    started = time.perf_counter()
    county = agency_records(args.children, seed=args.seed)
    records, truth = county.records, county.truth
    generated = time.perf_counter() - started
    thresholds = Thresholds(link=args.link, review=args.review)
    started = time.perf_counter()
    result = link_population(records, thresholds)
    linking = time.perf_counter() - started

    true_pairs = _true_pairs(truth)
    clusters: dict[str, list[str]] = defaultdict(list)
    for record, person in result.people.items():
        clusters[person].append(record)
    auto_pairs = {tuple(sorted(p)) for group in clusters.values() for p in combinations(group, 2)}
    auto_right = sum(1 for a, b in auto_pairs if truth[a] == truth[b])
    review_pairs = {tuple(sorted((p.left, p.right))) for p in result.reviews}
    found = auto_pairs | review_pairs
    review_right = sum(1 for a, b in review_pairs if truth[a] == truth[b])
    twins = county.twin_record_pairs()
    twins_joined = sum(1 for a, b in twins if result.people[a] == result.people[b])

    matcher = Matcher(records[: len(records) // 2], thresholds)
    arrivals = records[len(records) // 2:][: args.arrivals]
    timings = []
    for record in arrivals:
        t0 = time.perf_counter()
        matcher.match(record)
        timings.append((time.perf_counter() - t0) * 1000)

    print(f"children {args.children:,}, agency records {len(records):,}, "
          f"true same-child record pairs {len(true_pairs):,}, twin record pairs {len(twins):,}")
    print(f"thresholds: link at match weight {thresholds.link}, review at {thresholds.review}\n")
    print("| measure | value | target |")
    print("|---|---|---|")
    print(f"| automatic links: precision (pairs) | {_ratio(auto_right, len(auto_pairs))} | ≥ 0.995 |")
    print(f"| automatic links: recall (pairs) | {_ratio(auto_right, len(true_pairs))} | |")
    print(f"| twins joined automatically | {twins_joined} | 0 |")
    print(f"| review candidates | {len(review_pairs):,} ({_ratio(review_right, len(review_pairs))} "
          f"true) | |")
    print(f"| recall at the review threshold (linked or queued) | "
          f"{_ratio(sum(1 for a, b in found if truth[a] == truth[b]), len(true_pairs))} | ≥ 0.95 |")
    print(f"| joins refused for clashing identifiers | {result.refused_joins} | |")
    print(f"| link the whole population | {linking:.1f} s (generating {generated:.1f} s) | < 120 s |")
    print(f"| one arriving record against {len(records) // 2:,} held: p50 / p95 | "
          f"{statistics.median(timings):.1f} / {_p95(timings):.1f} ms | < 50 ms |")


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
