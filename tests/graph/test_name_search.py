"""The people search through the full-text index of name pieces gives exactly the scan's
answer: the same people, in the same order, counted the same, and only visible ones."""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path
from typing import Any

from hub.config import Settings
from hub.domain.names import name_grams, needle_grams
from hub.graph.runtime import open_store
from hub.services.loaders import consent_params

NAMES = [
    ("Mary-Jane", "O'Neill"), ("John", "Smith"), ("Jo", "Blacksmith"), ("Li", "Wu"),
    ("Ethan", "Blythe"), ("Will", "Thew"), ("Zoë", "Smithers"), ("Aaliyah", "Smyth"),
    ("Theo", "Andersson"), ("Ann", "Heather"),
]
NEEDLES = ["smith", "mit", "mith", "y-jane", "o'ne", "'neil", "the", "blythe", "li w", "wu",
           "e smi", "zoë", "oë s", "ers", "and", "ann heather", "theo a", "xyz", "h"]


def filters(**extra: Any) -> dict[str, Any]:
    return {"name": None, "dob_from": None, "dob_to": None, "town": None, "district": None,
            "ward": None, "agency": None, "of_concern": None, "skip": 0, "limit": 100,
            **consent_params([]), **extra}


def test_every_piece_of_a_needle_is_a_piece_of_a_name_holding_it() -> None:
    for given, family in NAMES:
        name = f"{given} {family}".lower()
        pieces = set(name_grams(name).split())
        for start, end in itertools.combinations(range(len(name) + 1), 2):
            assert set(needle_grams(name[start:end])) <= pieces, (name, name[start:end])


async def test_named_search_is_the_scan_person_for_person(tmp_path: Path) -> None:
    settings = Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(tmp_path / "data")})
    handle = await open_store(settings)
    store = handle.store
    try:
        assert store.full_text, "the embedded store has the full-text index of names"
        graph = store._graph  # type: ignore[attr-defined]
        for i, (given, family) in enumerate(NAMES):
            label, category = ("Child", "identity") if i % 2 else ("Adult", "identity")
            owner = "police" if i % 3 else "health"  # health:identity is hidden below
            name = f"{given} {family}"
            await graph.query(
                f"CREATE (:Entity:Person:{label} {{id: $id, owner: $owner, category: $category, "
                "scope: $owner + ':' + $category, given_name: $given, family_name: $family, "
                "name: $name, name_lc: $lc, name_grams: $grams})",
                {"id": f"per_{uuid.uuid4().hex}", "owner": owner, "category": category,
                 "given": given, "family": family, "name": name, "lc": name.lower(),
                 "grams": name_grams(name)})
        for scopes, needle, label in itertools.product(
                (["police:identity"], ["police:identity", "health:identity"]), NEEDLES,
                (None, "Child", "Adult")):
            params = filters(scopes=scopes, name=needle)
            base = {None: "people", "Child": "children", "Adult": "adults"}[label]
            scanned = [r["id"] for r in await store.run(f"{base}_page", params)]
            counted = (await store.run_one(f"{base}_count", params) or {})["n"]
            grams = needle_grams(needle)
            if not grams:
                continue  # the service scans: nothing for the index to be asked
            named = {**params, "grams": grams, "label": label}
            found = [r["id"] for r in await store.run("people_named_page", named)]
            assert found == scanned, (needle, label, scopes)
            assert (await store.run_one("people_named_count", named) or {})["n"] == counted
        assert needle_grams("li w") == [] and needle_grams("the") == []
    finally:
        await handle.close()


async def test_people_written_before_name_pieces_were_kept_are_found_after_the_next_start(
    tmp_path: Path,
) -> None:
    settings = Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(tmp_path / "data")})
    person = f"per_{uuid.uuid4().hex}"
    params = filters(scopes=["police:identity"], name="quill", grams=needle_grams("quill"),
                     label=None)
    handle = await open_store(settings)
    try:
        graph = handle.store._graph  # type: ignore[attr-defined]
        await graph.query("CREATE (:Entity:Person:Child {id: $id, owner: 'police', "
                          "category: 'identity', scope: 'police:identity', "
                          "family_name: 'Quillfeather', name_lc: 'ann quillfeather'})",
                          {"id": person})
        assert await handle.store.run("people_named_page", params) == []
    finally:
        await handle.close()
    handle = await open_store(settings)
    try:
        rows = await handle.store.run("people_named_page", params)
        assert [r["id"] for r in rows] == [person]
    finally:
        await handle.close()
