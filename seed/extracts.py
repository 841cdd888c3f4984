"""The generated county as the four partner extracts, and the rest of it, to load it by import.

`write_extracts` splits a dataset in two. What a partner system would send goes into its
extract, in its own layout (`hub/ingest/mappings/`): police nominals, occurrences and missing
reports; the social care system's people, referrals and flags; health's flags open to
partners; the school census's pupils, rolls and exclusions. What no extract carries (agencies,
agreements, places, schools, people recorded by the youth offending, early intervention and
health services, …) stays in a remainder, written straight by the seed statements, together
with the links from it to imported records (a child's home, a flag's holder), which are
joined to the imported records by their partner references once the import is done.

`load_via_extracts` does the whole round trip, so that the graph it builds can be compared
with the seed's own (tests/ingest/test_seed_extracts.py).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hub.graph.store import GraphStore
from hub.ingest import mapping as mappings
from hub.ingest.mapping import FileSpec
from seed.dataset import (
    Dataset,
    Row,
    labels_of_statement,
    node_statement,
    rel_statement,
    type_of_statement,
)
from seed.load import _write_all

# Which partner system holds the people each agency recorded, and the prefix of their refs.
PEOPLE_SOURCES: dict[str, tuple[str, str, str]] = {  # owner -> (source, layout, ref prefix)
    "police": ("police", "people", "NM"),
    "trust": ("socialcare", "people", "LL"),
    "education": ("census", "pupils", "UPN"),
}
FLAG_SOURCES = {"trust": ("socialcare", "flags"), "health": ("health", "flags"),
                "education": ("census", "exclusions")}
# Links the importer writes with a record, and which end of each is that record.
IMPORTED_LINKS = {"INVOLVED_IN": "b", "OCCURRED_AT": "a", "WENT_MISSING": "b",
                  "MISSING_FROM": "a", "FOUND_AT": "a", "FOUND_WITH": "a", "REFERRAL_FOR": "a",
                  "REFERRED_BY": "a", "HAS_FLAG": "b"}


def _digits(seed_id: str) -> str:
    return seed_id.split("_", 1)[1]


@dataclass
class Extracts:
    """The files written per source, and what the import leaves to the seed statements."""

    folder: Path
    files: dict[str, list[Path]] = field(default_factory=dict)
    remainder_nodes: dict[str, list[Row]] = field(default_factory=dict)
    remainder_links: dict[str, list[Row]] = field(default_factory=dict)
    # seed id -> (system, partner ref) of every record an extract carries
    carried: dict[str, tuple[str, str]] = field(default_factory=dict)
    # seed ids of the link records an extract carries (a pupil on a roll)
    carried_links: set[str] = field(default_factory=set)
    rows: int = 0


class _Writer:
    """One extract file in its layout, written a row at a time."""

    def __init__(self, path: Path, spec: FileSpec) -> None:
        self.path, self.spec = path, spec
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.csv = None
        if path.suffix == ".csv":
            self.csv = csv.writer(self.handle, lineterminator="\n")
            self.csv.writerow([c.name for c in spec.columns])
        self.rows = 0

    def write(self, fields: dict[str, Any]) -> None:
        self.rows += 1
        if self.csv is not None:
            self.csv.writerow([c.write(fields.get(c.field)) for c in self.spec.columns])
            return
        record = {c.name: (fields.get(c.field) if c.type == "bool" else c.write(fields.get(c.field)))
                  for c in self.spec.columns if fields.get(c.field) is not None}
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.handle.close()


def write_extracts(dataset: Dataset, folder: Path) -> Extracts:
    """Write the dataset's partner extracts under `folder/<source>/` and return the rest."""
    out = Extracts(folder)
    specs = {m: {f.name: f for f in mappings.load(m).files} for m in mappings.sources()}
    systems = {m: mappings.load(m).system for m in mappings.sources()}
    writers: dict[tuple[str, str], _Writer] = {}

    def writer(source: str, layout: str) -> _Writer:
        key = (source, layout)
        if key not in writers:
            (folder / source).mkdir(parents=True, exist_ok=True)
            ext = ".jsonl" if source == "health" else ".csv"
            path = folder / source / f"{layout}{ext}"
            writers[key] = _Writer(path, specs[source][layout])
            out.files.setdefault(source, []).append(path)
        return writers[key]

    def carry(seed_id: str, source: str, ref: str) -> str:
        out.carried[seed_id] = (systems[source], ref)
        return ref

    people = {**{r["id"]: r for r in dataset.nodes.get(node_statement("child"), [])},
              **{r["id"]: r for r in dataset.nodes.get(node_statement("adult"), [])}}
    # People, by the system of the agency that recorded them.
    for pid, row in people.items():
        if row["owner"] in PEOPLE_SOURCES:
            source, layout, prefix = PEOPLE_SOURCES[row["owner"]]
            carry(pid, source, prefix + _digits(pid))

    def person_ref(pid: str, from_source: str) -> str:
        found = out.carried.get(pid)
        if found is None:
            return f"hub:{pid}"
        system, ref = found
        return ref if system == systems[from_source] else f"{system}:{ref}"

    for pid, row in people.items():
        if pid in out.carried:
            source, layout, _ = PEOPLE_SOURCES[row["owner"]]
            writer(source, layout).write({**row, "ref": out.carried[pid][1],
                                          "kind": "child" if "of_concern" not in row else "adult"})

    links = dataset.relationships
    by_b: dict[str, dict[str, list[Row]]] = {}
    by_a: dict[str, dict[str, list[Row]]] = {}
    for rel_type in ("INVOLVED_IN", "WENT_MISSING", "HAS_FLAG", "REFERRAL_FOR"):
        for rel in dataset.rels(rel_type):
            by_b.setdefault(rel_type, {}).setdefault(rel["b"], []).append(rel)
    for rel_type in ("OCCURRED_AT", "MISSING_FROM", "FOUND_AT", "FOUND_WITH", "REFERRAL_FOR",
                     "REFERRED_BY"):
        for rel in dataset.rels(rel_type):
            by_a.setdefault(rel_type, {}).setdefault(rel["a"], []).append(rel)

    def one(index: dict[str, dict[str, list[Row]]], rel_type: str, key: str) -> str | None:
        found = index.get(rel_type, {}).get(key)
        return found[0]["a" if index is by_b else "b"] if found else None

    agencies = {r["id"]: r["code"] for r in dataset.nodes.get(node_statement("agency"), [])}
    for row in dataset.nodes.get(node_statement("incident"), []):
        involved = by_b.get("INVOLVED_IN", {}).get(row["id"], [])
        place = one(by_a, "OCCURRED_AT", row["id"])
        if row["owner"] != "police" or not (involved or place):
            continue  # an incident about no one and nowhere cannot be recorded: it stays seeded
        ref = carry(row["id"], "police", "OC" + _digits(row["id"]))
        w = writer("police", "incidents")
        base = {**row, "ref": ref, "place": f"hub:{place}" if place else None}
        if not involved:
            w.write(base)  # one row, naming nobody
        for rel in involved:
            w.write({**base, "person": person_ref(rel["a"], "police"), "role": rel["props"]["role"]})
    for row in dataset.nodes.get(node_statement("missing_episode"), []):
        child = one(by_b, "WENT_MISSING", row["id"])
        ref = carry(row["id"], "police", "MP" + _digits(row["id"]))
        place = one(by_a, "MISSING_FROM", row["id"])
        found = one(by_a, "FOUND_AT", row["id"])
        writer("police", "missing").write({
            **row, "ref": ref, "child": person_ref(str(child), "police"),
            "missing_from": f"hub:{place}" if place else None,
            "found_at": f"hub:{found}" if found else None,
            "found_with": [person_ref(r["b"], "police")
                           for r in by_a.get("FOUND_WITH", {}).get(row["id"], [])] or None})
    for row in dataset.nodes.get(node_statement("referral"), []):
        by = one(by_a, "REFERRED_BY", row["id"])
        if row["owner"] != "trust" or by is None:
            continue
        ref = carry(row["id"], "socialcare", "RF" + _digits(row["id"]))
        writer("socialcare", "referrals").write({
            **row, "ref": ref, "from_agency": agencies[by],
            "person": person_ref(str(one(by_a, "REFERRAL_FOR", row["id"])), "socialcare")})
    for row in dataset.nodes.get(node_statement("flag"), []):
        holder = one(by_b, "HAS_FLAG", row["id"])
        target = FLAG_SOURCES.get(row["owner"])
        if target is None or holder is None:
            continue
        source, layout = target
        spec = specs[source][layout]
        kind_column = next(c for c in spec.columns if c.field == "kind")
        if row["kind"] not in kind_column.values.values():
            continue
        ref = carry(row["id"], source, "FL" + _digits(row["id"]))
        writer(source, layout).write({**row, "ref": ref, "shared": True,
                                      "person": person_ref(holder, source)})
    for rel in dataset.rels("ATTENDS"):
        out.carried_links.add(rel["props"]["id"])
        writer("census", "rolls").write({**rel["props"], "ref": "RL" + _digits(rel["props"]["id"]),
                                         "person": person_ref(rel["a"], "census"),
                                         "school": f"hub:{rel['b']}"})
    for w in writers.values():
        out.rows += w.rows
        w.close()

    for name, rows in dataset.nodes.items():
        kept = [r for r in rows if r["id"] not in out.carried]
        if kept:
            out.remainder_nodes[name] = kept
    for name, rels in links.items():
        rel_type = name.removeprefix("seed_rel_").upper()
        end = IMPORTED_LINKS.get(rel_type)
        kept = [r for r in rels if (end is None or r[end] not in out.carried)
                and r["props"].get("id") not in out.carried_links]
        if kept:
            out.remainder_links[name] = kept
    return out


async def load_via_extracts(
    store: GraphStore, extracts: Extracts,
    run_import: Callable[[str, list[Path]], Awaitable[Any]], batch_size: int = 5000,
) -> list[Any]:
    """Remainder nodes, then each source's extract through the importer, then the remainder's
    links, their ends found by partner reference. The import reports, in order."""
    await _write_all(store, extracts.remainder_nodes, batch_size)
    reports = []
    # Every source's people first: police incidents name the trust's and schools' people.
    people = {name for _, name, _ in PEOPLE_SOURCES.values()}
    for first in (True, False):
        for source, paths in extracts.files.items():
            chosen = [p for p in paths if (p.stem in people) == first]
            if chosen:
                reports.append(await run_import(source, chosen))
    ids = await imported_ids(store, extracts)
    links: dict[str, list[Row]] = {}
    for name, rels in extracts.remainder_links.items():
        joined = []
        for rel in rels:
            a, b = ids.get(rel["a"], rel["a"]), ids.get(rel["b"], rel["b"])
            joined.append({**rel, "a": a, "b": b})
        links[name] = joined
    await _write_all(store, links, batch_size)
    return reports


async def imported_ids(store: GraphStore, extracts: Extracts) -> dict[str, str]:
    """Seed id -> id of the imported record, by partner reference."""
    from hub.services.access import ALL_SCOPES

    keys = [{"key": seed_id, "source": system, "ref": ref}
            for seed_id, (system, ref) in extracts.carried.items()]
    found: dict[str, str] = {}
    for i in range(0, len(keys), 5000):
        rows = await store.run("ingest_resolve_refs", {"keys": keys[i:i + 5000],
                                                       "scopes": sorted(ALL_SCOPES)})
        found.update((row["key"], row["id"]) for row in rows)
    return found


__all__ = ["Extracts", "imported_ids", "load_via_extracts", "rel_statement", "write_extracts"]


# Provenance that differs between a seeded and an imported record by design.
# `scope` (owner:category, stored for the read filters) is checked on its own, as the seed's
# rows leave it to the seed statements to add.
NOT_COMPARED = frozenset({"id", "source", "recorded_at", "recorded_by", "client_ref",
                          "import_run", "updated_at", "updated_by", "_labels", "_type", "scope"})


def _props(row: Row) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in row.items()
                        if k not in NOT_COMPARED))


@dataclass
class Comparison:
    """Records and links one graph has that the other has not, keyed by seed id."""

    only_seed: list[Any]
    only_imported: list[Any]

    @property
    def same(self) -> bool:
        return not self.only_seed and not self.only_imported


def seed_graph(dataset: Dataset) -> tuple[dict[str, Any], list[Any]]:
    nodes = {}
    for name, rows in dataset.nodes.items():
        labels = frozenset(labels_of_statement(name))
        for row in rows:
            nodes[row["id"]] = (labels, _props(row))
    links = [(type_of_statement(name), rel["a"], rel["b"], _props(rel["props"]))
             for name, rels in dataset.relationships.items() for rel in rels]
    return nodes, links


async def store_graph(store: GraphStore, extracts: Extracts) -> tuple[dict[str, Any], list[Any]]:
    back = {v: k for k, v in (await imported_ids(store, extracts)).items()}
    nodes = {}
    for row in await _all(store, "ingest_compare_nodes"):
        n = row["n"]
        if n.get("scope") != f"{n['owner']}:{n['category']}":
            raise AssertionError(f"record {n['id']} has no scope its reads can find it by")
        nodes[back.get(n["id"], n["id"])] = (frozenset(n["_labels"]) - {"Entity"}, _props(n))
    links = [(row["r"]["_type"], back.get(row["a"], row["a"]), back.get(row["b"], row["b"]),
              _props(row["r"])) for row in await _all(store, "ingest_compare_links")]
    return nodes, links


async def _all(store: GraphStore, name: str, page: int = 2000) -> list[Row]:
    """A whole read in pages (the graph is not changing meanwhile)."""
    found: list[Row] = []
    while True:
        rows = await store.run(name, {"skip": len(found), "limit": page})
        found += rows
        if len(rows) < page:
            return found


def compare(seeded: tuple[dict[str, Any], list[Any]],
            imported: tuple[dict[str, Any], list[Any]]) -> Comparison:
    from collections import Counter

    a_nodes, a_links = seeded
    b_nodes, b_links = imported
    only_a: list[Any] = [(k, v) for k, v in a_nodes.items() if b_nodes.get(k) != v]
    only_b: list[Any] = [(k, v) for k, v in b_nodes.items() if a_nodes.get(k) != v]
    a_count, b_count = Counter(a_links), Counter(b_links)
    only_a += list((a_count - b_count).elements())
    only_b += list((b_count - a_count).elements())
    return Comparison(only_a, only_b)


# ---------------------------------------------------------------- large synthetic extracts

def write_people_extract(path: Path, count: int, seed: int = 7, prefix: str = "BP") -> list[str]:
    """A police nominals file of `count` invented people (streamed); their references."""
    import random
    from datetime import date, timedelta

    from seed import names

    spec = next(f for f in mappings.load("police").files if f.name == "people")
    rng = random.Random(f"{seed}:bulk-people")
    refs = []
    w = _Writer(path, spec)
    try:
        for i in range(count):
            gender = rng.choice(("female", "male"))
            ethnicity = rng.choice(("white", "white", "white", "black", "asian", "mixed"))
            born = date(2026, 11, 1) - timedelta(days=rng.randint(365 * 10, 365 * 40))
            ref = f"{prefix}{i + 1:07d}"
            refs.append(ref)
            w.write({"ref": ref, "given_name": names.given_name(rng, gender, ethnicity),
                     "family_name": names.family_name(rng, ethnicity), "dob": born.isoformat(),
                     "gender": gender, "ethnicity": ethnicity, "town": "Corby",
                     "district": "North Northamptonshire", "ward": "Lodge Park",
                     "of_concern": False})
    finally:
        w.close()
    return refs


def write_incident_extract(path: Path, rows: int, people: list[str], places: list[str],
                           seed: int = 7, per_incident: int = 3, prefix: str = "BI") -> int:
    """An occurrences file of `rows` rows, `per_incident` people each (streamed)."""
    import random
    from datetime import datetime, timedelta

    spec = next(f for f in mappings.load("police").files if f.name == "incidents")
    rng = random.Random(f"{seed}:bulk-incidents")
    roles = ("suspect", "victim", "witness", "present")
    types = ("violence", "robbery", "drugs", "asb", "theft", "criminal_damage")
    w = _Writer(path, spec)
    written = number = 0
    try:
        while written < rows:
            number += 1
            when = datetime(2026, 10, 1) - timedelta(minutes=rng.randint(0, 60 * 24 * 700))
            base = {"ref": f"{prefix}{number:07d}", "reference": f"NIC/{number:07d}",
                    "type": rng.choice(types), "occurred_at": when.isoformat(),
                    "place": f"hub:{rng.choice(places)}", "summary": "Reported by a member of the public."}
            for person in rng.sample(people, min(per_incident, rows - written)):
                w.write({**base, "person": person, "role": rng.choice(roles)})
                written += 1
    finally:
        w.close()
    return number
