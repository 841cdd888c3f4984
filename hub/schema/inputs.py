"""Typed filters for the lists analysts search."""

from __future__ import annotations

from enum import Enum

import strawberry

from hub.schema.scalars import Date, DateTime


@strawberry.enum
class PersonKind(Enum):
    CHILD = "Child"
    ADULT = "Adult"


@strawberry.input(description="Filters for people; all given filters must match.")
class PeopleFilter:
    name: str | None = strawberry.field(default=None, description="Part of the name, any case.")
    kind: PersonKind | None = None
    age_min: int | None = strawberry.field(default=None, description="Age today, at least.")
    age_max: int | None = strawberry.field(default=None, description="Age today, at most.")
    dob_from: Date | None = None
    dob_to: Date | None = None
    town: str | None = None
    district: str | None = None
    ward: str | None = None
    agency: str | None = strawberry.field(default=None, description="Owning agency code.")
    of_concern: bool | None = None


@strawberry.input(description="Filters for incidents; newest first.")
class IncidentFilter:
    types: list[str] | None = None
    since: DateTime | None = None
    until: DateTime | None = None
    town: str | None = None
    district: str | None = None
    ward: str | None = None
    agency: str | None = None


@strawberry.input(description="Filters for missing episodes; newest first.")
class EpisodeFilter:
    since: DateTime | None = None
    until: DateTime | None = None
    status: str | None = None
    risks: list[str] | None = None


@strawberry.input(description="Filters for places.")
class PlaceFilter:
    name: str | None = strawberry.field(default=None, description="Part of the name or address.")
    kind: str | None = None
    town: str | None = None
    district: str | None = None
    ward: str | None = None


@strawberry.input(description="Filters shared by the shorter lists (lines, groups, schools...).")
class RecordFilter:
    name: str | None = None
    status: str | None = None
    kind: str | None = strawberry.field(
        default=None, description="Kind, phase (schools), code (agencies) or purpose (agreements)."
    )
    risk_level: str | None = None
    town: str | None = None
