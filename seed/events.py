"""The building blocks of what happens to people: incidents, missing episodes, return home
interviews, youth justice outcomes, associations and county lines.

The planted storylines and the background noise both build through these, so a planted
incident looks exactly like any other one; only its pattern stands out.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from seed.clock import SEED_NOW, iso_day, iso_time
from seed.dataset import Builder

SUMMARIES: dict[str, tuple[str, ...]] = {
    "violence": ("Assault reported outside {place}.", "Fight involving several young people "
                 "at {place}.", "Victim punched and kicked near {place}."),
    "knife_crime": ("Young person seen with a bladed article at {place}.", "Stabbing near "
                    "{place}; victim taken to hospital.", "Knife recovered after stop and "
                    "search at {place}."),
    "robbery": ("Phone and cash taken by threat at {place}.", "Victim's bike and jacket taken "
                "by a group near {place}."),
    "drugs": ("Suspected drug dealing reported at {place}.", "Cannabis and cash found on "
              "search near {place}.", "Warrant executed at {place}; drugs and cash seized."),
    "exploitation": ("Concern that a young person is being used to carry drugs from {place}.",
                     "Young person found far from home with large sums of cash near {place}."),
    "domestic_abuse": ("Verbal argument escalating to assault at the home address.",
                       "Domestic incident reported by a neighbour; children present.",
                       "Breach of non-molestation order at the home address."),
    "asb": ("Group of youths causing a nuisance at {place}.", "Fireworks thrown at "
            "passers-by near {place}."),
    "sexual_offence": ("Report of sexual assault; victim supported by a specialist officer.",
                       "Indecent images shared between young people at {place}."),
    "theft": ("Shoplifting at {place}.", "Theft of a moped near {place}."),
    "criminal_damage": ("Windows smashed at {place}.", "Graffiti and damage to a bus shelter "
                        "near {place}."),
    "other": ("Concern for welfare call about a young person at {place}.",
              "Report of a young person in a car with older males near {place}."),
}

PUSH_FACTORS: tuple[str, ...] = (
    "conflict at home", "placement breakdown", "bullying", "school exclusion",
    "domestic abuse at home", "boundaries at home", "bereavement", "mental health",
)
PULL_FACTORS: tuple[str, ...] = (
    "peer group", "older associates", "boyfriend or girlfriend", "drugs or alcohol",
    "money or gifts", "county lines", "online contact", "family elsewhere",
)
CIRCUMSTANCES: tuple[str, ...] = (
    "Did not return home after school.", "Left placement after an argument with carers.",
    "Failed to return from an evening out with friends.", "Left home overnight without "
    "permission; phone switched off.", "Did not return from family contact.",
    "Went out to meet friends and did not come back at the agreed time.",
    "Left the house after a row about phone use.",
)


def incident(b: Builder, *, kind: str, occurred: datetime, place_id: str, place_name: str,
             rng: random.Random, participants: list[tuple[str, str]],
             owner: str = "police") -> str:
    """An Incident at a place, with each person's part in it (suspect, victim, ...)."""
    category = ("domestic_abuse" if kind == "domestic_abuse"
                else "education" if owner == "education" else "offending")
    recorded = iso_time(min(occurred + timedelta(minutes=rng.randint(20, 2880)),
                            SEED_NOW - timedelta(minutes=5)))
    summary = rng.choice(SUMMARIES[kind]).format(place=place_name)
    serial = b.count("incident") + 1
    prefix = {"police": "NIC", "education": "SCH"}.get(owner, "EVT")
    incident_id = b.node("incident", owner, category, recorded,
                         reference=f"{prefix}/{occurred.year % 100:02d}/{serial:06d}",
                         type=kind, occurred_at=iso_time(occurred), summary=summary)
    b.rel("OCCURRED_AT", incident_id, place_id, owner, category, recorded)
    named: set[str] = set()
    for person_id, role in participants:
        if person_id in named:  # one part each: the first drawn (a victim is not also a witness)
            continue
        named.add(person_id)
        b.rel("INVOLVED_IN", person_id, incident_id, owner, category, recorded, role=role)
    return incident_id


def outcome(b: Builder, person_id: str, incident_id: str, kind: str, decided: datetime) -> str:
    when = iso_time(decided)
    out_id = b.node("outcome", "yos", "offending", when, kind=kind, decided_at=iso_day(decided))
    b.rel("OUTCOME_FOR", out_id, person_id, "yos", "offending", when)
    b.rel("OUTCOME_OF", out_id, incident_id, "yos", "offending", when)
    return out_id


def episode(b: Builder, rng: random.Random, *, child_id: str, reported: datetime,
            hours: float | None, risk: str, from_place: str | None,
            found_place: str | None, found_with: list[str], circumstances: str) -> str:
    """A MissingEpisode: open when `hours` is None, else closed with its return time."""
    recorded = iso_time(reported + timedelta(minutes=rng.randint(5, 90)))
    props: dict[str, Any] = {
        "reported_at": iso_time(reported), "risk": risk, "circumstances": circumstances,
        "status": "open" if hours is None else "closed",
    }
    if hours is not None:
        hours = round(hours, 1)
        found = reported + timedelta(hours=hours)
        props["found_at_time"] = iso_time(found)
        props["duration_hours"] = hours
    episode_id = b.node("missing_episode", "police", "missing", recorded, **props)
    b.rel("WENT_MISSING", child_id, episode_id, "police", "missing", recorded)
    if from_place:
        b.rel("MISSING_FROM", episode_id, from_place, "police", "missing", recorded)
    if hours is not None:
        found_recorded = iso_time(min(reported + timedelta(hours=hours, minutes=30),
                                      SEED_NOW - timedelta(minutes=1)))
        if found_place:
            b.rel("FOUND_AT", episode_id, found_place, "police", "missing", found_recorded)
        for other in found_with:
            b.rel("FOUND_WITH", episode_id, other, "police", "missing", found_recorded)
    return episode_id


def interview(b: Builder, *, episode_id: str, offered: datetime, status: str,
              completed: datetime | None, push: list[str], pull: list[str],
              summary: str) -> str:
    """A ReturnHomeInterview by the Missing Persons Unit, linked to its episode."""
    when = iso_time(completed or offered)
    rhi_id = b.node(
        "return_home_interview", "eis", "missing", when, offered_at=iso_time(offered),
        completed_at=iso_time(completed) if completed else None, status=status,
        push_factors=list(push), pull_factors=list(pull), summary=summary,
    )
    b.rel("HAS_INTERVIEW", episode_id, rhi_id, "eis", "missing", when)
    return rhi_id


def seen_span(first_seen: datetime, last_seen: datetime) -> tuple[datetime, datetime]:
    """Clamp a first-seen/last-seen pair into the past, first no later than last."""
    last_seen = min(last_seen, SEED_NOW - timedelta(days=1))
    return min(first_seen, last_seen), last_seen


def associate(b: Builder, a: str, other: str, *, context: str, strength: float,
              first_seen: datetime, last_seen: datetime, owner: str = "police",
              category: str = "intelligence") -> str:
    first_seen, last_seen = seen_span(first_seen, last_seen)
    return b.rel("ASSOCIATED_WITH", a, other, owner, category, iso_time(last_seen),
                 context=context, strength=round(strength, 2),
                 first_seen=iso_day(first_seen), last_seen=iso_day(last_seen))


class PhonePool:
    """Numbers from Ofcom's drama range, 07700 900000-900999, each handed out once."""

    def __init__(self, rng: random.Random) -> None:
        self._free = list(range(1000))
        rng.shuffle(self._free)

    def take(self) -> str:
        return f"07700 900{self._free.pop():03d}"


def county_line(b: Builder, *, name: str, status: str, first_seen: datetime,
                last_seen: datetime, exporting: str, importing: list[str]) -> str:
    first_seen, last_seen = seen_span(first_seen, last_seen)
    when = iso_time(first_seen)
    line_id = b.node("county_line", "police", "intelligence", when, name=name, status=status,
                     first_seen=iso_day(first_seen), last_seen=iso_day(last_seen))
    b.rel("EXPORTS_FROM", line_id, exporting, "police", "intelligence", when)
    for area in importing:
        b.rel("IMPORTS_TO", line_id, area, "police", "intelligence", when)
    return line_id


def line_phone(b: Builder, pool: PhonePool, line_id: str, since: datetime,
               until: datetime | None) -> tuple[str, str]:
    number = pool.take()
    when = iso_time(since)
    phone_id = b.node("phone", "police", "intelligence", when, number=number, kind="deal_line")
    b.rel("USES_PHONE", line_id, phone_id, "police", "intelligence", when,
          **{"from": iso_day(since), "to": iso_day(until) if until else None})
    b.rel("LINKED_TO_LINE", phone_id, line_id, "police", "intelligence", when,
          role="deal_line", first_seen=iso_day(since),
          last_seen=iso_day(until or SEED_NOW - timedelta(days=3)))
    return phone_id, number


def on_line(b: Builder, thing_id: str, line_id: str, role: str, first_seen: datetime,
            last_seen: datetime) -> str:
    first_seen, last_seen = seen_span(first_seen, last_seen)
    return b.rel("LINKED_TO_LINE", thing_id, line_id, "police", "intelligence",
                 iso_time(last_seen), role=role, first_seen=iso_day(first_seen),
                 last_seen=iso_day(last_seen))
