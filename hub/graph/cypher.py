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
allows it.
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


def parse(text: str, source: str) -> list[Statement]:
    """Split a `.cypher` file into its named statements.

    >>> [s.name for s in parse("// name: a\\nRETURN 1\\n// name: b\\n// mode: write\\nCREATE ()", "x")]
    ['a', 'b']
    """
    statements: list[Statement] = []
    name: str | None = None
    write = False
    body: list[str] = []

    def flush() -> None:
        if name is None:
            if any(line.strip() and not line.strip().startswith("//") for line in body):
                raise ValueError(f"{source}: Cypher before the first '// name:' header")
            return
        cypher = "\n".join(line for line in body if not line.strip().startswith("//")).strip()
        if not cypher:
            raise ValueError(f"{source}: statement {name!r} is empty")
        statements.append(Statement(name=name, text=cypher, write=write, source=source))

    for line in text.splitlines():
        header = _HEADER.match(line.strip())
        if header:
            flush()
            name, write, body = header.group("name"), False, []
            continue
        mode = _MODE.match(line.strip())
        if mode and name is not None and not body:
            write = mode.group("mode") == "write"
            continue
        body.append(line)
    flush()
    return statements


class Catalogue:
    """All statements by name; duplicate names are an error at load time, not at run time."""

    def __init__(self, statements: list[Statement]) -> None:
        self._by_name: dict[str, Statement] = {}
        for statement in statements:
            if statement.name in self._by_name:
                other = self._by_name[statement.name].source
                raise ValueError(
                    f"statement {statement.name!r} defined twice ({other}, {statement.source})"
                )
            self._by_name[statement.name] = statement

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
        return len(self._by_name)

    def __getitem__(self, name: str) -> Statement:
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownStatement(name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def names(self) -> list[str]:
        return sorted(self._by_name)
