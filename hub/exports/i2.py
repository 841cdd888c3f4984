"""i2 Analyst's Notebook import files: entities and links as CSV, the import specification
that tells the Importer which column is which, zipped into one download.

The specification follows the Importer's column-assignment model (an identity column, a
label, an icon type and attributes per entity; end identities, link type, date and
strength per link), so an analyst loads entities.csv, then links.csv, with it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from xml.sax.saxutils import escape

ENTITY_COLUMNS: tuple[str, ...] = ("identity", "label", "entity_type", "date_of_birth", "age",
                                   "town", "of_concern", "community", "bridge", "hops")
LINK_COLUMNS: tuple[str, ...] = ("link_identity", "from_identity", "to_identity", "link_type",
                                 "context", "strength", "first_seen", "last_seen")
# The i2 icon type each kind of person is drawn with.
ICON_TYPE = {"child": "Person (Child)", "adult": "Person", "adult_of_concern": "Suspect"}


def import_specification(name: str) -> str:
    """An .ximp-style import specification for the two CSV files of one export."""
    def columns(names: Sequence[str]) -> str:
        return "".join(f'      <Column index="{i}" name="{escape(c)}"/>\n'
                       for i, c in enumerate(names))

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<ImportSpecification name="{escape(name)}" version="1">\n'
        '  <Source format="CSV" delimiter="," textQualifier="&quot;" headerRows="1" '
        'encoding="UTF-8"/>\n'
        '  <Import file="entities.csv" kind="entities">\n'
        f"    <Columns>\n{columns(ENTITY_COLUMNS)}    </Columns>\n"
        '    <Entity identityColumn="identity" labelColumn="label" typeColumn="entity_type">\n'
        '      <Attribute column="date_of_birth" type="Date" name="Date of Birth"/>\n'
        '      <Attribute column="age" type="Number" name="Age"/>\n'
        '      <Attribute column="town" type="Text" name="Town"/>\n'
        '      <Attribute column="of_concern" type="Flag" name="Adult of concern"/>\n'
        '      <Attribute column="community" type="Number" name="Sub-group"/>\n'
        '      <Attribute column="bridge" type="Flag" name="Bridge"/>\n'
        '      <Attribute column="hops" type="Number" name="Links from focus"/>\n'
        "    </Entity>\n  </Import>\n"
        '  <Import file="links.csv" kind="links">\n'
        f"    <Columns>\n{columns(LINK_COLUMNS)}    </Columns>\n"
        '    <Link identityColumn="link_identity" fromEndIdentityColumn="from_identity" '
        'toEndIdentityColumn="to_identity" typeColumn="link_type" labelColumn="context" '
        'dateColumn="first_seen" dateFormat="yyyy-MM-dd" strengthColumn="strength" '
        'direction="none">\n'
        '      <Attribute column="last_seen" type="Date" name="Last seen"/>\n'
        "    </Link>\n  </Import>\n</ImportSpecification>\n")


README = ("Partnership data hub export for i2 Analyst's Notebook.\r\n"
          "Open the Importer, choose entities.csv with import-specification.ximp, then\r\n"
          "links.csv with the same specification. Identities are the hub's global ids.\r\n"
          "This export holds only what the person who made it was allowed to see, and\r\n"
          "making it was recorded in the hub's audit log.\r\n")


class _Sink(io.RawIOBase):
    """A write-only stream the zip writes into; what it holds is taken away as it comes."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        out = b"".join(self.chunks)
        self.chunks.clear()
        return out


def zipped(files: Iterable[tuple[str, Iterable[str]]]) -> Iterator[bytes]:
    """A zip streamed as it is written (data descriptors, no seeking back)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, chunks in files:
            with archive.open(name, "w", force_zip64=False) as member:
                for chunk in chunks:
                    member.write(chunk.encode("utf-8"))
                    if sum(map(len, sink.chunks)) >= 64 * 1024:
                        yield sink.take()
            yield sink.take()
    yield sink.take()
