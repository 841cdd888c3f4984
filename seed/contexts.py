"""Contexts and panels: recognised peer groups, context assessments of places, schools and
groups (with the weighting used, saved as JSON), and panels with decisions and actions.

Actions are dated against the seed's today, so some are overdue, some done and some
not yet due whenever the county is generated.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

from seed import events
from seed.agencies import Practitioner, Workforce
from seed.background import Signals
from seed.clock import SEED_NOW, SEED_TODAY, iso_day, iso_time
from seed.dataset import Builder
from seed.geography import Geography
from seed.planted import Planted
from seed.population import Population, Resident

WEIGHTINGS: dict[int, dict[str, float]] = {
    1: {"incidents": 0.35, "missing": 0.25, "intelligence": 0.2, "education": 0.1,
        "protective": -0.1},
    2: {"incidents": 0.3, "missing": 0.25, "intelligence": 0.25, "education": 0.1,
        "exploitation": 0.15, "protective": -0.15},
}
FINDINGS: dict[str, tuple[str, ...]] = {
    "low": ("Few reports in the last period; community use is positive.",
            "Occasional low-level concerns; no pattern of harm."),
    "medium": ("Repeated reports of young people gathering late with older males.",
               "Several missing children found here; some anti-social behaviour.",
               "Concerns about peer-on-peer violence on the way home from school."),
    "high": ("Children repeatedly found here while missing; drug supply suspected.",
             "Serious violence and knife crime linked to this context in recent months.",
             "Older associates present; intelligence of exploitation and cuckooing."),
}
SAFETY_PLANS: dict[str, tuple[str, ...]] = {
    "low": ("Universal youth offer; review in six months.",),
    "medium": ("Detached youth work on Friday evenings; guardianship visits by "
               "neighbourhood policing.", "Safe route plan with the school; staff briefed."),
    "high": ("Disruption plan: closure order considered; detached youth work; safeguarding "
             "training for business staff.", "Multi-agency safety plan; partners to share "
             "intelligence weekly; review at MACE."),
}
DECISIONS: tuple[str, ...] = (
    "Add to MACE cohort with a multi-agency exploitation plan",
    "Complete an exploitation screening and review at next panel",
    "Disruption activity at the location",
    "Step down to early help",
    "Continue to monitor; review at next panel",
    "Request a context assessment",
    "Safety plan agreed with the school",
    "No further action by the panel",
)
ACTIONS: tuple[str, ...] = (
    "Arrange a strategy discussion", "Complete return home interview follow-up",
    "Share intelligence with the neighbourhood team", "Offer mentoring through the youth team",
    "Visit the location with detached youth workers", "Update the safety plan",
    "Check school attendance and share with the panel", "Contact parent to discuss support",
)


def peer_groups(b: Builder, rng: random.Random, pop: Population, workforce: Workforce,
                count: int) -> list[str]:
    """Recognised background groups: small and loosely knit, unlike the planted ones."""
    by_ward: dict[str, list[Resident]] = {}
    for p in pop.people:
        if p.child and 12 <= p.age <= 17 and pop.free(p):
            by_ward.setdefault(p.ward, []).append(p)
    wards = sorted(w for w, kids in by_ward.items() if len(kids) >= 6)
    recorders = workforce.by_agency("police") + workforce.by_agency("trust")
    ids: list[str] = []
    for _ in range(count):
        ward = rng.choice(wards)
        members = rng.sample(by_ward[ward], rng.randint(3, 5))
        since = SEED_NOW - timedelta(days=rng.randint(60, 1200))
        status = rng.choices(("confirmed", "candidate", "closed"), (50, 30, 20))[0]
        owner, category = (("police", "intelligence") if rng.random() < 0.6
                           else ("trust", "context"))
        who = rng.choice(recorders)
        group_id = b.node(
            "peer_group", owner, category, iso_time(since), name=f"{ward} young people",
            description=f"Young people known to gather in {ward}.", status=status,
            confirmed_by=who.name if status != "candidate" else None)
        ids.append(group_id)
        for k, member in enumerate(members):
            b.rel("MEMBER_OF", member.id, group_id, owner, category, iso_time(since),
                  role="member" if k else rng.choice(("leader", "member")),
                  since=iso_day(since))
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                if rng.random() < 0.45:
                    events.associate(b, members[i].id, members[j].id, context="peer",
                                     strength=rng.uniform(0.3, 0.6), first_seen=since,
                                     last_seen=since + timedelta(days=rng.randint(0, 300)))
    return ids


def assessment(b: Builder, rng: random.Random, target: str, assessed: date, risk: str,
               version: int, owner: str = "trust") -> str:
    scheme = 2 if assessed >= date(2025, 6, 1) else 1
    when = f"{iso_day(assessed)}T14:00:00"
    review = assessed + timedelta(days=90 if risk == "high" else 180)
    cas_id = b.node(
        "context_assessment", owner, "context", when, assessed_at=iso_day(assessed),
        findings=rng.choice(FINDINGS[risk]), risk_level=risk,
        safety_plan=rng.choice(SAFETY_PLANS[risk]), review_date=iso_day(review),
        weighting=json.dumps(WEIGHTINGS[scheme], sort_keys=True), version=version)
    b.rel("ASSESSES", cas_id, target, owner, "context", when)
    return cas_id


def assessments(b: Builder, rng: random.Random, geo: Geography, groups: list[str],
                planted: Planted, count: int) -> None:
    assert planted.missing is not None
    flat, takeaway = planted.missing.found_places
    first_group = planted.peer_groups[0].group_id
    assert first_group is not None
    planted.assessments += [
        assessment(b, rng, flat, date(2026, 7, 10), "medium", 1, owner="eis"),
        assessment(b, rng, flat, date(2026, 10, 8), "high", 2, owner="eis"),
        assessment(b, rng, takeaway, date(2026, 10, 9), "medium", 1, owner="eis"),
        assessment(b, rng, first_group, date(2026, 6, 2), "medium", 1),
        assessment(b, rng, first_group, date(2026, 9, 15), "high", 2),
    ]
    schools = [s.id for group in geo.schools.values() for s in group
               if s.phase in ("secondary", "ap")]
    places = [p.id for ps in geo.public_places.values() for p in ps[:40]]
    targets = places + schools + groups
    made = 0
    while made < count:
        target = rng.choice(targets)
        versions = rng.choices((1, 2, 3), (60, 30, 10))[0]
        assessed = SEED_TODAY - timedelta(days=rng.randint(200, 1000))
        for version in range(1, versions + 1):
            risk = rng.choices(("low", "medium", "high"), (40, 45, 15))[0]
            assessment(b, rng, target, assessed, risk, version,
                       owner=rng.choice(("trust", "eis")))
            assessed += timedelta(days=rng.randint(90, 200))
            made += 1
            if assessed >= SEED_TODAY:
                break


def _first_weekday(year: int, month: int, weekday: int, nth: int = 1) -> date:
    day = date(year, month, 1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day + timedelta(days=7 * (nth - 1))


def panels(b: Builder, rng: random.Random, pop: Population, geo: Geography,
           workforce: Workforce, signals: Signals, groups: list[str], planted: Planted,
           months: int, mash_weeks: int) -> None:
    owners = [p for p in workforce.practitioners if p.role in ("practitioner", "panel_member")]
    concerned = [pid for pid, w in signals.weight.most_common(4000) if w >= 2]
    if not concerned:
        concerned = [p.id for p in pop.people if p.child][:50]
    places = [p.id for ps in geo.public_places.values() for p in ps[:10]]
    schools = [s.id for group in geo.schools.values() for s in group if s.phase != "primary"]
    meetings: list[tuple[str, date]] = []
    for m in range(months, 0, -1):
        month_start = date(SEED_TODAY.year, SEED_TODAY.month, 1)
        year = month_start.year + (month_start.month - 1 - m) // 12
        month = (month_start.month - 1 - m) % 12 + 1
        meetings.append(("mace", _first_weekday(year, month, 1)))
        meetings.append(("vap", _first_weekday(year, month, 1, 3)))
    for w in range(mash_weeks, 0, -1):
        meetings.append(("mash", SEED_TODAY - timedelta(days=7 * w + 4)))
    latest_mace = max(day for kind, day in meetings if kind == "mace")
    for kind, held in sorted(meetings, key=lambda m: (m[1], m[0])):
        label = {"mace": "MACE panel", "vap": "Vulnerable Adolescents Panel",
                 "mash": "MASH strategy meeting"}[kind]
        when = f"{iso_day(held)}T10:00:00"
        panel_id = b.node("panel", "trust", "panel", when, kind=kind, held_on=iso_day(held),
                          name=f"{label} {held.strftime('%d %B %Y').lstrip('0')}")
        if kind == "mace" and held == latest_mace:
            _planted_panel(b, rng, panel_id, held, owners, planted)
        for _ in range(rng.randint(2, 5)):
            roll = rng.random()
            target = (rng.choice(concerned) if roll < 0.8 else rng.choice(places) if roll < 0.9
                      else rng.choice(schools) if roll < 0.95 or not groups
                      else rng.choice(groups))
            _decision(b, rng, panel_id, held, [target], owners, rng.choice(DECISIONS))


def _decision(b: Builder, rng: random.Random, panel_id: str, held: date, targets: list[str],
              owners: list[Practitioner], text: str,
              actions: list[tuple[str, date, str, date | None]] | None = None) -> tuple[str,
                                                                                      list[str]]:
    when = f"{iso_day(held)}T12:00:00"
    dec_id = b.node("panel_decision", "trust", "panel", when, decision=text,
                    rationale="Information shared at panel indicates continuing risk outside "
                              "the home.",
                    decided_at=iso_day(held),
                    review_date=iso_day(held + timedelta(days=rng.choice((28, 56, 84)))))
    b.rel("DECIDED", panel_id, dec_id, "trust", "panel", when)
    for target in targets:
        b.rel("CONCERNS", dec_id, target, "trust", "panel", when)
    if actions is None:
        actions = []
        for _ in range(rng.randint(1, 3)):
            due = held + timedelta(days=rng.randint(14, 56))
            if due < SEED_TODAY:
                status = rng.choices(("done", "cancelled", "open"), (75, 5, 20))[0]
            else:
                status = "done" if rng.random() < 0.2 else "open"
            done = None
            if status == "done":
                latest = min(due + timedelta(days=10), SEED_TODAY - timedelta(days=1))
                done = held + timedelta(days=rng.randint(1, max(1, (latest - held).days)))
            actions.append((rng.choice(ACTIONS), due, status, done))
    action_ids = []
    for description, due, status, done in actions:
        owner = rng.choice(owners)
        action_id = b.node("action", "trust", "panel", when, description=description,
                           owner_name=owner.name, due_date=iso_day(due), status=status,
                           completed_at=iso_day(done) if done else None)
        b.rel("HAS_ACTION", dec_id, action_id, "trust", "panel", when)
        b.rel("ASSIGNED_TO", action_id, owner.id, "trust", "panel", when)
        action_ids.append(action_id)
    return dec_id, action_ids


def _planted_panel(b: Builder, rng: random.Random, panel_id: str, held: date,
                   owners: list[Practitioner], planted: Planted) -> None:
    assert planted.missing is not None
    group = planted.peer_groups[0].group_id
    assert group is not None
    planted.panel = panel_id
    first = planted.missing.children[0]
    flat = planted.missing.found_places[0]
    overdue = (("Strategy discussion for the children found at the flat", held +
                timedelta(days=14), "open", None))
    done = (("Share the flat's address with the neighbourhood team", held +
             timedelta(days=10), "done", held + timedelta(days=9)))
    later = (("Review the peer group's safety plan", SEED_TODAY + timedelta(days=20),
              "open", None))
    decision, ids = _decision(b, rng, panel_id, held, [first, flat], owners,
                              DECISIONS[0], [overdue, done])
    planted.decisions.append(decision)
    planted.overdue_actions.append(ids[0])
    planted.done_actions.append(ids[1])
    decision, ids = _decision(b, rng, panel_id, held, [group], owners, DECISIONS[5], [later])
    planted.decisions.append(decision)

