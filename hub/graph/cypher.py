"""The catalogue of named Cypher statements in `cypher/*.cypher`, loaded once at start.

The files ship inside the package (`hub/cypher` links to the top-level `cypher/`, and the
wheel carries them as package data), so an installed hub finds them beside its own code
and refuses to start without them rather than failing every query later.

Statements are never assembled from user input: callers name a statement and pass
parameters. A file holds blocks that each begin with a header line::

    // name: person_by_id
    // mode: read
    MATCH (p:Person {id: $id}) RETURN p

`mode` is `read` (the default) or `write`; a read runs as read-only where the store
allows it. A statement the two stores cannot share (their procedures differ, as for
full-text search) is written once per store under one name, each with a `// store:`
line (`falkordb` or `neo4j`) after its name; every store then finds its own variant
under that name, and a name with variants must have one for every store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"

# Statements the hub needs before it can serve anything (readiness, the seed check, the
# agreements every request reads); a catalogue without them is not the hub's catalogue.
CORE_STATEMENTS: tuple[str, ...] = (
    "ping", "count_entities", "entity_by_id", "agreements_with_grants", "seed_store_is_empty",
)

_HEADER = re.compile(r"^//\s*name:\s*(?P<name>[a-z][a-z0-9_]*)\s*$")
_MODE = re.compile(r"^//\s*mode:\s*(?P<mode>read|write)\s*$")
_STORE = re.compile(r"^//\s*store:\s*(?P<store>[a-z0-9]+)\s*$")

# The stores a `// store:` variant may name (the `kind` of each GraphStore adapter).
STORE_KINDS: tuple[str, ...] = ("falkordb", "neo4j")


class UnknownStatement(KeyError):
    """Code asked for a statement that no `.cypher` file defines."""


class MissingStatements(RuntimeError):
    """The statements are not where the installed package says they are: refuse to start."""


@dataclass(frozen=True)
class Statement:
    """One named, parameterised Cypher statement."""

    name: str
    text: str
    write: bool
    source: str
    store: str | None = None  # the one store kind this variant is for; None: every store


def parse(text: str, source: str) -> list[Statement]:
    """Split a `.cypher` file into its named statements.

    >>> [s.name for s in parse("// name: a\\nRETURN 1\\n// name: b\\n// mode: write\\nCREATE ()", "x")]
    ['a', 'b']
    """
    statements: list[Statement] = []
    name: str | None = None
    write = False
    store: str | None = None
    body: list[str] = []

    def flush() -> None:
        if name is None:
            if any(line.strip() and not line.strip().startswith("//") for line in body):
                raise ValueError(f"{source}: Cypher before the first '// name:' header")
            return
        cypher = "\n".join(line for line in body if not line.strip().startswith("//")).strip()
        if not cypher:
            raise ValueError(f"{source}: statement {name!r} is empty")
        statements.append(Statement(name=name, text=cypher, write=write, source=source,
                                    store=store))

    for line in text.splitlines():
        header = _HEADER.match(line.strip())
        if header:
            flush()
            name, write, store, body = header.group("name"), False, None, []
            continue
        mode = _MODE.match(line.strip())
        if mode and name is not None and not body:
            write = mode.group("mode") == "write"
            continue
        kind = _STORE.match(line.strip())
        if kind and name is not None and not body:
            store = kind.group("store")
            if store not in STORE_KINDS:
                raise ValueError(f"{source}: statement {name!r} names an unknown store "
                                 f"{store!r} (one of {', '.join(STORE_KINDS)})")
            continue
        body.append(line)
    flush()
    return statements


class Catalogue:
    """All statements by name; duplicate names are an error at load time, not at run time."""

    def __init__(self, statements: list[Statement]) -> None:
        self._by_name: dict[str, Statement] = {}
        self._variants: dict[tuple[str, str], Statement] = {}
        for statement in statements:
            if statement.store is not None:
                key = (statement.name, statement.store)
                other_variant = self._variants.get(key)
                if other_variant is not None or statement.name in self._by_name:
                    other = (other_variant or self._by_name[statement.name]).source
                    raise ValueError(f"statement {statement.name!r} defined twice for "
                                     f"{statement.store} ({other}, {statement.source})")
                self._variants[key] = statement
                continue
            if statement.name in self._by_name or any(
                    name == statement.name for name, _ in self._variants):
                other = self._by_name.get(statement.name, statement).source
                raise ValueError(
                    f"statement {statement.name!r} defined twice ({other}, {statement.source})"
                )
            self._by_name[statement.name] = statement
        for name in {name for name, _ in self._variants}:
            missing = [kind for kind in STORE_KINDS if (name, kind) not in self._variants]
            if missing:
                raise ValueError(f"statement {name!r} has no variant for {', '.join(missing)}")

    @classmethod
    def load(cls, directory: Path = CYPHER_DIR,
             required: tuple[str, ...] = CORE_STATEMENTS) -> Catalogue:
        """Every statement in `directory`; raises `MissingStatements` rather than load none."""
        files = sorted(directory.glob("*.cypher")) if directory.is_dir() else []
        if not files:
            raise MissingStatements(
                f"no Cypher statements in {directory}: the hub was installed without its "
                "cypher/*.cypher package data; reinstall it from a wheel built from the "
                "repository (pip install .) rather than copying hub/ alone"
            )
        statements: list[Statement] = []
        for path in files:
            statements.extend(parse(path.read_text(encoding="utf-8"), path.name))
        catalogue = cls(statements)
        missing = [name for name in required if name not in catalogue]
        if missing:
            raise MissingStatements(
                f"{directory} lacks the statements {', '.join(missing)}: its .cypher files "
                "are incomplete; reinstall the hub"
            )
        return catalogue

    def __len__(self) -> int:
        return len(self.names())

    def __getitem__(self, name: str) -> Statement:
        """The statement every store shares; a name with per-store variants is asked for
        with `for_store`."""
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownStatement(name) from None

    def for_store(self, name: str, kind: str) -> Statement:
        """The statement called `name` as the store of this kind runs it: its own variant
        where the name has one, else the shared statement."""
        variant = self._variants.get((name, kind))
        return variant if variant is not None else self[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name or any(n == name for n, _ in self._variants)

    def names(self) -> list[str]:
        return sorted(set(self._by_name) | {name for name, _ in self._variants})

    def statements(self) -> list[Statement]:
        """Every statement and every store's variant (the linter checks them all)."""
        return sorted([*self._by_name.values(), *self._variants.values()],
                      key=lambda s: (s.name, s.store or ""))
