"""What the agencies do about it: flags (sensitive facts held apart), referrals with their
consent, and the interventions that follow.

Early intervention referrals are consent-based: most have consent, some were refused
(and closed), a few were shared under a recorded safeguarding override. Social care
referrals often proceed without consent being sought, because the threshold is harm.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from seed.background import Signals
from seed.clock import SEED_NOW, iso_day, iso_time
from seed.dataset import Builder
from seed.draw import Weighted
from seed.planted import Planted
from seed.population import Population, Resident

FLAG_OWNERS: dict[str, tuple[str, str]] = {
    "child_protection_plan": ("trust", "safeguarding"),
    "child_in_care": ("trust", "safeguarding"),
    "child_in_need": ("trust", "safeguarding"),
    "exploitation_screening": ("trust", "safeguarding"),
    "excluded": ("education", "education"),
    "suspended": ("education", "education"),
    "camhs_open": ("health", "health"),
    "health_condition": ("health", "health"),
    "da_victim": ("police", "domestic_abuse"),
    "da_perpetrator": ("police", "domestic_abuse"),
    "consent_record": ("eis", "safeguarding"),
}
FLAG_DETAILS: dict[str, tuple[str, ...]] = {
    "child_protection_plan": ("Category: neglect", "Category: emotional abuse",
                              "Category: physical abuse", "Category: sexual abuse"),
    "child_in_care": ("Section 20 accommodation", "Interim care order", "Full care order"),
    "child_in_need": ("Section 17 plan", "Disabled child plan"),
    "exploitation_screening": ("Screening tool: criminal exploitation, high",
                               "Screening tool: criminal exploitation, medium",
                               "Screening tool: sexual exploitation, medium"),
    "excluded": ("Permanent exclusion: persistent disruptive behaviour",
                 "Permanent exclusion: offensive weapon in school"),
    "suspended": ("Fixed-term suspension, 3 days", "Fixed-term suspension, 5 days",
                  "Repeated suspensions this term"),
    "camhs_open": ("Open to CAMHS: anxiety", "Open to CAMHS: self-harm",
                   "Open to CAMHS: low mood"),
    "health_condition": ("Asthma", "ADHD (diagnosed)", "Autism (diagnosed)",
                         "Type 1 diabetes", "Epilepsy", "Speech, language and communication need"),
    "da_victim": ("MARAC referral made", "DASH risk: medium", "DASH risk: high"),
    "da_perpetrator": ("Named perpetrator in a DA incident", "Bail conditions: no contact"),
    "consent_record": ("Written consent for early intervention support",
                       "Verbal consent recorded by practitioner"),
}

SERVICES: tuple[tuple[str, float], ...] = (
    ("mash", 22), ("early_help", 20), ("social_care", 9), ("yos_prevention", 8),
    ("eis_youth", 10), ("eis_da", 16), ("camhs", 8), ("mace", 7),
)
SERVICE_OWNER: dict[str, tuple[str, str]] = {
    "mash": ("trust", "safeguarding"), "early_help": ("trust", "safeguarding"),
    "social_care": ("trust", "safeguarding"), "mace": ("trust", "safeguarding"),
    "yos_prevention": ("yos", "offending"), "eis_youth": ("eis", "safeguarding"),
    "eis_da": ("eis", "domestic_abuse"), "camhs": ("health", "health"),
}
FACTORS: dict[str, tuple[str, ...]] = {
    "mash": ("neglect", "domestic abuse", "parental mental health", "physical harm",
             "missing episodes", "criminal exploitation"),
    "early_help": ("parenting", "school attendance", "child mental health", "domestic abuse",
                   "housing", "substance misuse"),
    "social_care": ("neglect", "physical harm", "sexual harm", "criminal exploitation",
                    "domestic abuse"),
    "mace": ("criminal exploitation", "sexual exploitation", "missing episodes",
             "county lines", "older associates"),
    "yos_prevention": ("anti-social behaviour", "knife crime", "youth violence",
                       "first offence", "substance misuse"),
    "eis_youth": ("youth violence", "knife crime", "missing episodes", "online safety",
                  "healthy relationships", "exclusion", "anti-social behaviour"),
    "eis_da": ("domestic abuse", "healthy relationships", "co-parenting", "parental conflict"),
    "camhs": ("child mental health", "self-harm", "anxiety", "eating difficulties"),
}
FROM_AGENCIES = ("police", "education", "health", "trust", "eis", "yos")
FROM_WEIGHTS = (45, 20, 12, 10, 6, 7)
CONSENT: dict[str, tuple[tuple[str, float], ...]] = {
    "eis": (("given", 84), ("refused", 9), ("safeguarding_override", 4), ("not_sought", 3)),
    "trust": (("given", 45), ("not_sought", 38), ("refused", 7), ("safeguarding_override", 10)),
    "yos": (("given", 80), ("refused", 10), ("not_sought", 10)),
    "health": (("given", 92), ("refused", 8)),
}
CONSENT_REASONS: dict[str, tuple[str, ...]] = {
    "given": ("Consent given by parent and young person.", "Parent gave verbal consent "
              "to the referrer."),
    "refused": ("Parent declined early help at this time.", "Young person did not want "
                "support and parent agreed."),
    "not_sought": ("Referral at the safeguarding threshold; consent not sought.",),
    "safeguarding_override": ("Risk of significant harm: shared without consent under "
                              "Children Act 1989 s47.", "Child at risk of exploitation; "
                              "seeking consent would increase the risk."),
}
INTERVENTION_OF: dict[str, tuple[str, ...]] = {
    "mash": ("family_support",), "early_help": ("family_support", "education_support"),
    "social_care": ("family_support",), "mace": ("mentoring", "youth_work"),
    "yos_prevention": ("pads",), "eis_youth": ("youth_work", "mentoring"),
    "eis_da": ("da_support",), "camhs": ("camhs",),
}
INTERVENTION_OWNER: dict[str, tuple[str, str]] = {
    "mentoring": ("eis", "safeguarding"), "youth_work": ("eis", "safeguarding"),
    "pads": ("yos", "offending"), "family_support": ("trust", "safeguarding"),
    "education_support": ("education", "education"), "da_support": ("eis", "domestic_abuse"),
    "camhs": ("health", "health"),
}


def flag(b: Builder, person_id: str, kind: str, since: datetime, detail: str,
         until: datetime | None = None) -> str:
    owner, category = FLAG_OWNERS[kind]
    when = iso_time(since + timedelta(hours=3))
    flag_id = b.node("flag", owner, category, when, kind=kind, detail=detail,
                     since=iso_day(since), until=iso_day(until) if until else None)
    b.rel("HAS_FLAG", person_id, flag_id, owner, category, when)
    return flag_id


def _since(rng: random.Random, person: Resident, years: int = 4) -> datetime:
    earliest = datetime(person.dob.year, person.dob.month, min(person.dob.day, 28))
    start = min(max(SEED_NOW - timedelta(days=365 * years), earliest + timedelta(days=60)),
                SEED_NOW - timedelta(days=4))
    span = max((SEED_NOW - start).days - 2, 1)
    return start + timedelta(days=rng.randrange(span), hours=rng.randint(9, 17))


def protection_plans(rng: random.Random, pop: Population) -> None:
    """Decided before missing episodes are made: children on a plan go missing more often."""
    for person in pop.people:
        if person.child and rng.random() < 0.03:
            person.cp = True


def flags(b: Builder, rng: random.Random, pop: Population, signals: Signals,
          planted: Planted, ap_schools: set[str]) -> None:
    for person in pop.people:
        if not person.child:
            continue
        if person.cic:
            flag(b, person.id, "child_in_care", _since(rng, person, 3),
                 rng.choice(FLAG_DETAILS["child_in_care"]))
        if person.cp:
            since = _since(rng, person)
            until = since + timedelta(days=rng.randint(120, 600))
            flag(b, person.id, "child_protection_plan", since,
                 rng.choice(FLAG_DETAILS["child_protection_plan"]),
                 until if until < SEED_NOW else None)
        elif rng.random() < 0.04:
            flag(b, person.id, "child_in_need", _since(rng, person),
                 rng.choice(FLAG_DETAILS["child_in_need"]))
        if rng.random() < 0.05:
            flag(b, person.id, "health_condition", _since(rng, person, 8),
                 rng.choice(FLAG_DETAILS["health_condition"]))
        if person.age >= 11:
            if rng.random() < 0.03:
                flag(b, person.id, "camhs_open", _since(rng, person, 2),
                     rng.choice(FLAG_DETAILS["camhs_open"]))
            if rng.random() < 0.04 + 0.02 * (person.offending > 3):
                flag(b, person.id, "suspended", _since(rng, person, 2),
                     rng.choice(FLAG_DETAILS["suspended"]))
    for person in pop.people:
        if person.child and person.school in ap_schools:
            flag(b, person.id, "excluded", _since(rng, person, 2),
                 rng.choice(FLAG_DETAILS["excluded"]))
    screened = set(signals.exploited) | _planted_exploited(planted)
    for person_id in sorted(screened):
        screened_child = pop.by_id.get(person_id)
        if screened_child is not None and screened_child.child:
            flag(b, person_id, "exploitation_screening", _since(rng, screened_child, 1),
                 rng.choice(FLAG_DETAILS["exploitation_screening"]))
    seen: set[tuple[str, str]] = set()
    for kind, rows in (("da_victim", signals.da_victims),
                       ("da_perpetrator", signals.da_perpetrators)):
        for person_id, when in rows:
            if (kind, person_id) in seen:
                continue
            seen.add((kind, person_id))
            flag(b, person_id, kind, when, rng.choice(FLAG_DETAILS[kind]))


def _planted_exploited(planted: Planted) -> set[str]:
    ids = set(planted.peer_groups[2].members) if len(planted.peer_groups) > 2 else set()
    for line in planted.county_lines:
        ids.update(line.child_runners)
    if planted.missing:
        ids.update(planted.missing.children)
    return ids


_SERVICE = Weighted.of(SERVICES)
_FROM = Weighted(FROM_AGENCIES, FROM_WEIGHTS)
_CONSENT = {owner: Weighted.of(options) for owner, options in CONSENT.items()}
_OUTCOME = Weighted(("accepted", "nfa", "signposted", "stepped_up", "closed"),
                    (45, 14, 14, 8, 19))


def referrals(b: Builder, rng: random.Random, pop: Population, signals: Signals,
              agencies: dict[str, str], planted: Planted, count: int, years: int) -> None:
    start = SEED_NOW - timedelta(days=365 * years)
    children = [p for p in pop.people if p.child]
    subjects = Weighted(children, [0.3 + signals.weight.get(p.id, 0) for p in children])
    da_subjects = [pid for pid, _ in signals.da_children] + [pid for pid, _ in
                                                             signals.da_victims]
    for _ in range(count):
        service = _SERVICE(rng)
        da = service == "eis_da" and da_subjects
        subject = pop.by_id[rng.choice(da_subjects)] if da else subjects(rng)
        received = _since(rng, subject, years)
        if received < start:
            received = start + timedelta(days=rng.randint(0, 30))
        referral(b, rng, subject.id, service, received, agencies)
    _planted_referrals(b, rng, pop, agencies, planted)


def referral(b: Builder, rng: random.Random, person_id: str, service: str,
             received: datetime, agencies: dict[str, str], *, consent: str | None = None,
             outcome: str | None = None, from_agency: str | None = None) -> str:
    owner, category = SERVICE_OWNER[service]
    if from_agency is None:
        from_agency = ("police" if service == "eis_da" and rng.random() < 0.7
                       else _FROM(rng))
    if consent is None:
        consent = _CONSENT[owner](rng)
    if outcome is None:
        if SEED_NOW - received < timedelta(days=30) and rng.random() < 0.6:
            outcome = "open"
        elif consent == "refused":
            outcome = rng.choice(("nfa", "signposted", "closed"))
        else:
            outcome = _OUTCOME(rng)
    when = iso_time(received)
    ref_id = b.node(
        "referral", owner, category, when, to_service=service, from_agency=from_agency,
        presenting_factors=rng.sample(FACTORS[service], rng.randint(1, 3)), consent=consent,
        consent_reason=rng.choice(CONSENT_REASONS[consent]), outcome=outcome,
        received_at=when)
    b.rel("REFERRAL_FOR", ref_id, person_id, owner, category, when)
    b.rel("REFERRED_BY", ref_id, agencies[from_agency], owner, category, when)
    if outcome in ("accepted", "stepped_up") and rng.random() < 0.85:
        _intervention(b, rng, person_id, ref_id, service, received)
    if owner == "eis" and consent == "given" and rng.random() < 0.5:
        flag(b, person_id, "consent_record", received, rng.choice(
            FLAG_DETAILS["consent_record"]))
    return ref_id


def _intervention(b: Builder, rng: random.Random, person_id: str, referral_id: str | None,
                  service: str, received: datetime) -> str | None:
    kind = rng.choice(INTERVENTION_OF[service])
    owner, category = INTERVENTION_OWNER[kind]
    started = received + timedelta(days=rng.randint(5, 40))
    if started >= SEED_NOW:
        return None
    ended: datetime | None = None
    result = "ongoing"
    if SEED_NOW - started > timedelta(days=120) or rng.random() < 0.3:
        ended = started + timedelta(days=rng.randint(40, 120))
        if ended >= SEED_NOW:
            ended = None
        else:
            result = rng.choices(("completed", "disengaged", "stepped_up"), (62, 26, 12))[0]
    when = iso_time(started)
    itv_id = b.node("intervention", owner, category, when, kind=kind,
                    started_at=iso_day(started), ended_at=iso_day(ended) if ended else None,
                    outcome=result)
    b.rel("INTERVENTION_FOR", itv_id, person_id, owner, category, when)
    if referral_id is not None:
        b.rel("FOLLOWS", itv_id, referral_id, owner, category, when)
    return itv_id


def diversion(b: Builder, rng: random.Random, signals: Signals) -> None:
    """PADS prevention and diversion after out-of-court outcomes, without a referral."""
    for person_id, kind, decided in signals.outcomes:
        if kind in ("OUTCOME_22", "YC", "CRD") and rng.random() < 0.4:
            _intervention(b, rng, person_id, None, "yos_prevention", decided)


def _planted_referrals(b: Builder, rng: random.Random, pop: Population,
                       agencies: dict[str, str], planted: Planted) -> None:
    group = planted.peer_groups[0]
    planted.consent_refused_referral = referral(
        b, rng, group.members[2], "eis_youth", SEED_NOW - timedelta(days=75),
        agencies, consent="refused", outcome="nfa", from_agency="education")
    assert planted.missing is not None
    first = planted.missing.children[0]
    planted.safeguarding_override_referral = referral(
        b, rng, first, "eis_youth", SEED_NOW - timedelta(days=25), agencies,
        consent="safeguarding_override", outcome="accepted", from_agency="police")
    for child in planted.missing.children:
        referral(b, rng, child, "mace", SEED_NOW - timedelta(days=rng.randint(27, 33)),
                 agencies, outcome="accepted", from_agency="police")
