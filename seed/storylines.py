"""The planted storylines: peer groups with an adult at the edge, co-offending clusters,
children who go missing together, county lines, and a protective tie.

Each is stronger than anything the background noise makes by chance (denser, more
repeated, more recent), and the people in it are kept out of the noise, so a test can
say what an analytic must find. What was planted is returned as a `Planted` manifest.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from seed import events
from seed.agencies import Workforce
from seed.clock import SEED_NOW, iso_day, iso_time
from seed.dataset import Builder
from seed.geography import Geography, PlaceInfo, Ward, add_place
from seed.planted import (
    Planted,
    PlantedCluster,
    PlantedGroup,
    PlantedLine,
    PlantedMissing,
    Protective,
)
from seed.population import Population, Resident, add_person, pick_ethnicity


def at(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute)


class Cast:
    """Finds and makes the people the storylines need, and keeps them out of the noise."""

    def __init__(self, b: Builder, rng: random.Random, geo: Geography,
                 pop: Population) -> None:
        self.b, self.rng, self.geo, self.pop = b, rng, geo, pop
        self._households: set[int] = set()

    def children(self, n: int, town: str, ages: tuple[int, int], ward: str | None = None,
                 boys: float = 0.7) -> list[Resident]:
        """`n` children from different households, recruited from the population."""
        pool = [p for p in self.pop.people
                if p.child and p.town == town and ages[0] <= p.age <= ages[1]
                and self.pop.free(p) and p.household not in self._households
                and p.household >= 0 and (ward is None or p.ward == ward)]
        if len(pool) < n * 2 and ward is not None:
            return self.children(n, town, ages, None, boys)
        chosen: list[Resident] = []
        self.rng.shuffle(pool)
        # Prefer boys as the youth justice cohort is mostly male, but keep some girls.
        pool.sort(key=lambda p: (p.gender != "male") if self.rng.random() < boys else 0)
        for person in pool:
            if len(chosen) == n:
                break
            if person.household in self._households:
                continue
            chosen.append(person)
            self._households.add(person.household)
        if len(chosen) < n:
            for k in range(n - len(chosen)):
                chosen.append(self.new_person(town, ages[0] + k % (ages[1] - ages[0] + 1),
                                              "male", of_concern=False))
        for person in chosen:
            self.pop.reserved.add(person.id)
        return chosen

    def young_adult(self, town: str, ages: tuple[int, int]) -> Resident:
        pool = [p for p in self.pop.people if not p.child and p.town == town
                and ages[0] <= p.age <= ages[1] and self.pop.free(p)
                and p.household not in self._households]
        if not pool:
            return self.new_person(town, ages[0], "male", of_concern=False)
        person = self.rng.choice(pool)
        self.pop.reserved.add(person.id)
        self._households.add(person.household)
        return person

    def new_person(self, town: str | None, age: int, gender: str, *, of_concern: bool,
                   ward: str | None = None, home: str | None = None,
                   ethnicity: str | None = None) -> Resident:
        """A person who lives alone (or out of county when `town` is not a county town)."""
        place: Ward | None = None
        if town in self.geo.wards_by_town:
            place = self.geo.ward(ward) if ward else self.rng.choice(self.geo.wards_by_town[town])
            if home is None:
                home = add_place(self.b, self.rng, self.geo, place, "home", None, "police",
                                 "2021-06-01T09:00:00").id
        person = add_person(
            self.b, self.rng, self.pop, age=age, gender=gender,
            ethnicity=ethnicity or pick_ethnicity(self.rng, town or "London"), ward=place,
            home=home, household=-1, of_concern=of_concern, town=town, owner="police")
        self.pop.reserved.add(person.id)
        return person

    def public_place(self, ward: str, kind: str | None = None) -> PlaceInfo:
        options = [p for p in self.geo.public_in_ward(ward) if kind is None or p.kind == kind]
        if options:
            return self.rng.choice(options)
        name = f"Chicken Shack, {self.rng.choice(self.geo.ward(ward).streets)}" \
            if kind == "takeaway" else None
        return add_place(self.b, self.rng, self.geo, self.geo.ward(ward), kind or "other", name,
                         "police", "2021-06-01T09:00:00")


def plant(b: Builder, rng: random.Random, geo: Geography, pop: Population,
          workforce: Workforce, phones: events.PhonePool) -> Planted:
    cast = Cast(b, rng, geo, pop)
    planted = Planted()
    _peer_groups(b, rng, cast, workforce, planted)
    _co_offending(b, rng, cast, planted)
    lines = _county_lines(b, rng, cast, geo, phones, planted)
    _missing_together(b, rng, cast, geo, planted, lines)
    return planted


def _dense(b: Builder, rng: random.Random, members: list[Resident], since: datetime,
           density: float) -> None:
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            if j == i + 1 or rng.random() < density:
                events.associate(b, members[i].id, members[j].id, context="peer",
                                 strength=rng.uniform(0.65, 0.95),
                                 first_seen=since + timedelta(days=rng.randint(0, 60)),
                                 last_seen=SEED_NOW - timedelta(days=rng.randint(2, 25)))


def _peer_groups(b: Builder, rng: random.Random, cast: Cast, workforce: Workforce,
                 planted: Planted) -> None:
    specs = (  # town, ward, size, ages, edge links, recorded as a PeerGroup, status
        ("Northampton", "Millbrook", 6, (13, 16), 2, "confirmed"),
        ("Northampton", "Eastgate Vale", 7, (14, 17), 1, "confirmed"),
        ("Wellingborough", "Nenevale", 5, (14, 17), 2, None),
    )
    confirmers = workforce.by_agency("police", "analyst") or workforce.by_agency("police")
    for town, ward, size, ages, links, status in specs:
        members = cast.children(size, town, ages, ward)
        since = at(2, 1) - timedelta(days=rng.randint(0, 120))
        _dense(b, rng, members, since, 0.85)
        adult = cast.new_person(town, rng.randint(21, 29), "male", of_concern=True)
        linked = members[1:1 + links]
        for member in linked:
            events.associate(b, adult.id, member.id, context="exploitation",
                             strength=rng.uniform(0.6, 0.8), first_seen=at(6, 1),
                             last_seen=SEED_NOW - timedelta(days=rng.randint(3, 12)))
        group_id = None
        if status:
            when = iso_time(since + timedelta(days=90))
            group_id = b.node(
                "peer_group", "police", "intelligence", when, name=f"{ward} group",
                description=f"Young people who gather around {ward}, {town}; linked to "
                            "robbery and drug supply intelligence.",
                status=status, confirmed_by=rng.choice(confirmers).name)
            for k, member in enumerate(members):
                b.rel("MEMBER_OF", member.id, group_id, "police", "intelligence", when,
                      role="leader" if k == 0 else "member", since=iso_day(since))
        planted.peer_groups.append(PlantedGroup(
            members=[m.id for m in members], edge_adult=adult.id,
            edge_links=[m.id for m in linked], town=town, group_id=group_id))

    first, second = planted.peer_groups[0], planted.peer_groups[1]
    bridge = cast.children(1, "Northampton", (14, 16), "Fernhill")[0]
    for peer in first.members[-2:] + second.members[-2:]:
        events.associate(b, bridge.id, peer, context="peer", strength=rng.uniform(0.5, 0.7),
                         first_seen=at(4, 1), last_seen=SEED_NOW - timedelta(days=9))
    planted.bridge_child = bridge.id
    planted.bridged_groups = (0, 1)

    mentored = first.members[0]
    mentor = cast.new_person("Northampton", 46, "female", of_concern=False)
    coach = cast.new_person("Northampton", 38, "male", of_concern=False)
    events.associate(b, mentor.id, mentored, context="trusted_adult", strength=0.8,
                     first_seen=at(3, 10), last_seen=SEED_NOW - timedelta(days=4),
                     owner="eis", category="safeguarding")
    planted.protective.append(Protective(mentored, mentor.id, "trusted_adult"))
    for coached in first.members[:2]:
        events.associate(b, coach.id, coached, context="positive_activity", strength=0.7,
                         first_seen=at(5, 1), last_seen=SEED_NOW - timedelta(days=6),
                         owner="eis", category="safeguarding")
        planted.protective.append(Protective(coached, coach.id, "positive_activity"))


def _co_offending(b: Builder, rng: random.Random, cast: Cast, planted: Planted) -> None:
    # Every pair in a cluster shares at least six incidents as suspects; by chance the
    # background gives a pair four at most.
    specs = (  # town, ward, children, adults, incident kinds
        ("Corby", "Kilnworth", 4, 1, ("robbery", "knife_crime", "violence", "robbery",
                                      "criminal_damage", "violence", "robbery", "drugs")),
        ("Northampton", "Carrow Hill", 4, 0, ("knife_crime", "robbery", "violence", "drugs",
                                              "robbery", "knife_crime", "violence", "robbery")),
    )
    for town, ward, n_children, n_adults, kinds in specs:
        members = cast.children(n_children, town, (14, 17), ward, boys=0.95)
        members += [cast.young_adult(town, (18, 19)) for _ in range(n_adults)]
        victims = [p for p in cast.pop.people if p.town == town and cast.pop.free(p)
                   and 13 <= p.age <= 40]
        incident_ids: list[str] = []
        shared: dict[tuple[int, int], int] = {}
        for k, kind in enumerate(kinds):
            occurred = at(1, 10) + timedelta(days=k * 30 + rng.randint(0, 20),
                                             hours=rng.randint(15, 23))
            place = cast.public_place(ward)
            # The first four incidents involve all of them; each later one leaves one out.
            suspects = [m for i, m in enumerate(members) if k < 4 or i != (k - 4)]
            victim = rng.choice(victims)
            parts = [(m.id, "suspect") for m in suspects] + [(victim.id, "victim")]
            incident_ids.append(events.incident(
                b, kind=kind, occurred=occurred, place_id=place.id,
                place_name=place.kind if place.kind != "home" else "an address",
                rng=rng, participants=parts))
            for i, m in enumerate(members):
                for j in range(i + 1, len(members)):
                    if m in suspects and members[j] in suspects:
                        shared[(i, j)] = shared.get((i, j), 0) + 1
        for (i, j), count in sorted(shared.items()):
            if count >= 2:
                events.associate(b, members[i].id, members[j].id, context="co_offending",
                                 strength=min(0.95, 0.3 + 0.15 * count), first_seen=at(3, 1),
                                 last_seen=SEED_NOW - timedelta(days=20))
        for member, kind in zip(members[:2], ("YC", "REFERRAL_ORDER"), strict=True):
            events.outcome(b, member.id, incident_ids[1], kind, at(8, 20))
        planted.co_offending.append(PlantedCluster(
            members=[m.id for m in members], incidents=incident_ids, town=town, ward=ward))


def _county_lines(b: Builder, rng: random.Random, cast: Cast, geo: Geography,
                  phones: events.PhonePool, planted: Planted) -> list[PlantedLine]:
    g3 = planted.peer_groups[2]
    specs = (  # name, status, exporting, importing towns, phones, child runners, adult runners
        ("PANDA", "active", "London", ("Northampton", "Wellingborough"), 2, 0, 1),
        ("SKIPZ", "active", "Birmingham", ("Corby", "Kettering"), 1, 1, 1),
        ("MARLO", "active", "Leicester", ("Kettering", "Rushden"), 2, 2, 1),
        ("TANGO", "disrupted", "London", ("Daventry", "Northampton"), 1, 1, 1),
    )
    broker_adult = cast.new_person("Northampton", 23, "male", of_concern=True)
    broker_child = cast.children(1, "Kettering", (17, 17), boys=1.0)[0]
    brokered = {"PANDA": (broker_adult, "holder"), "TANGO": (broker_adult, "holder"),
                "SKIPZ": (broker_child, "runner"), "MARLO": (broker_child, "runner")}
    lines: list[PlantedLine] = []
    for name, status, city, towns, n_phones, n_child, n_adult in specs:
        first_seen = at(1, 15) - timedelta(days=rng.randint(0, 200))
        last_seen = (SEED_NOW - timedelta(days=rng.randint(1, 10)) if status == "active"
                     else at(7, 30))
        line_id = events.county_line(
            b, name=name, status=status, first_seen=first_seen, last_seen=last_seen,
            exporting=geo.areas[city], importing=[geo.areas[t] for t in towns])
        phone_ids, numbers = [], []
        for k in range(n_phones):
            since = first_seen + timedelta(days=k * 60)
            phone_id, number = events.line_phone(
                b, phones, line_id, since, None if k == n_phones - 1 else since +
                timedelta(days=60))
            phone_ids.append(phone_id)
            numbers.append(number)
        controller = cast.new_person(city, rng.randint(24, 32), "male", of_concern=True,
                                     ethnicity=rng.choice(("black", "white", "mixed")))
        events.on_line(b, controller.id, line_id, "controller", first_seen, last_seen)
        runners: list[Resident] = []
        if name == "PANDA":
            runners += [cast.pop.by_id[g3.members[1]], cast.pop.by_id[g3.members[3]]]
        else:
            runners += cast.children(n_child, towns[0], (14, 17), boys=0.85)
        runners += [cast.new_person(towns[1], rng.randint(18, 20), "male", of_concern=False)
                    for _ in range(n_adult)]
        for runner in runners:
            events.on_line(b, runner.id, line_id, "runner", first_seen + timedelta(days=30),
                           last_seen)
        broker, role = brokered[name]
        events.on_line(b, broker.id, line_id, role, first_seen + timedelta(days=45), last_seen)
        if broker.child:
            runners.append(broker)
        cuckooed: list[str] = []
        for town in towns:
            tenant = cast.new_person(town, rng.randint(45, 64), rng.choice(("male", "female")),
                                     of_concern=False)
            assert tenant.home is not None
            cuckooed.append(tenant.home)
            events.on_line(b, tenant.home, line_id, "cuckooed_address",
                           first_seen + timedelta(days=rng.randint(20, 90)), last_seen)
        deal = cast.public_place(geo.wards_by_town[towns[0]][0].name, None)
        events.on_line(b, deal.id, line_id, "deal_location", first_seen, last_seen)
        lines.append(PlantedLine(
            line_id=line_id, name=name, phones=phone_ids, numbers=numbers,
            controller=controller.id, runners=[r.id for r in runners],
            child_runners=[r.id for r in runners if r.child], cuckooed=cuckooed,
            exporting_area=geo.areas[city], importing_areas=[geo.areas[t] for t in towns]))
    planted.county_lines = lines
    planted.brokers = [broker_adult.id, broker_child.id]
    return lines


def _missing_together(b: Builder, rng: random.Random, cast: Cast, geo: Geography,
                      planted: Planted, lines: list[PlantedLine]) -> None:
    care_home = geo.children_homes["Northampton"][0]
    first = cast.new_person("Northampton", 15, "female", of_concern=False, ward=care_home.ward,
                            home=care_home.id, ethnicity="white")
    first.cic = True
    second, third = cast.children(2, "Northampton", (14, 16), "Dunmore", boys=1.0)
    second_home, third_home = second.home, third.home
    flat = lines[0].cuckooed[0]  # PANDA's Northampton address
    takeaway = cast.public_place("Dunmore", "takeaway").id
    f, s, t = first.id, second.id, third.id
    Plan = tuple[datetime, float | None, str | None, list[str], str]
    plan: dict[str, list[Plan]] = {  # child -> (reported, hours (None: open), found at, with, risk)
        f: [(at(9, 24, 18), 9.0, flat, [s], "medium"),
            (at(10, 2, 20, 30), 30.0, flat, [s, t], "high"),
            (at(10, 11, 19), 6.0, takeaway, [t], "medium"),
            (at(10, 18, 21), 14.0, flat, [s], "high"),
            (at(10, 29, 22), None, None, [], "high")],
        s: [(at(9, 24, 17, 30), 10.0, flat, [f], "medium"),
            (at(10, 2, 21), 29.0, flat, [f], "high"),
            (at(10, 18, 20), 15.0, flat, [f], "high")],
        t: [(at(10, 2, 22), 28.0, flat, [f], "high"),
            (at(10, 11, 18, 30), 6.5, takeaway, [f], "medium"),
            (at(10, 20, 23), 8.0, takeaway, [], "medium")],
    }
    homes = {f: care_home.id, s: second_home, t: third_home}
    interviews = {  # (status, hours after return offered, hours to complete, push, pull)
        f: [("completed", 20, 26, ["placement breakdown"], ["older associates", "money or gifts"]),
            ("declined", 96, None, [], []),
            ("completed", 10, 22, ["placement breakdown"], ["peer group", "drugs or alcohol"]),
            ("offered", 30, None, [], [])],
        s: [("completed", 18, 40, ["boundaries at home"], ["peer group", "money or gifts"]),
            ("declined", 30, None, [], []),
            ("completed", 12, 60, ["conflict at home"], ["county lines", "older associates"])],
        t: [("completed", 24, 48, ["bullying"], ["peer group"]),
            ("completed", 100, 120, ["school exclusion"], ["peer group", "online contact"]),
            ("offered", 8, None, [], [])],
    }
    episodes: dict[str, list[str]] = {}
    long_episode = open_episode = ""
    for child, rows in plan.items():
        for k, (reported, hours, found, together, risk) in enumerate(rows):
            episode_id = events.episode(
                b, rng, child_id=child, reported=reported, hours=hours, risk=risk,
                from_place=homes[child], found_place=found, found_with=together,
                circumstances=rng.choice(events.CIRCUMSTANCES))
            episodes.setdefault(child, []).append(episode_id)
            if child == f and hours is not None and hours > 24:
                long_episode = episode_id
            if hours is None:
                open_episode = episode_id
                continue
            status, offer_h, done_h, push, pull = interviews[child][k]
            returned = reported + timedelta(hours=hours)
            events.interview(
                b, episode_id=episode_id, offered=returned + timedelta(hours=offer_h),
                status=status,
                completed=returned + timedelta(hours=done_h) if done_h else None,
                push=push, pull=pull,
                summary="Spoke about where they stay and who they are with when missing."
                if status == "completed" else "Interview offered.")
    for x, y in ((f, s), (f, t), (s, t)):
        events.associate(b, x, y, context="missing_together", strength=0.8,
                         first_seen=at(9, 24), last_seen=at(10, 20))
    runner = next(r for r in lines[0].runners if not cast.pop.by_id[r].child)
    tenant_place_incident = events.incident(
        b, kind="drugs", occurred=at(10, 3, 14), place_id=flat, place_name="the flat",
        rng=rng, participants=[(runner, "suspect"), (f, "present"), (t, "present")])
    planted.missing = PlantedMissing(
        children=[f, s, t], episodes=episodes, found_places=[flat, takeaway],
        long_episode=long_episode, open_episode=open_episode,
        incident_while_missing=tenant_place_incident, incident_child=f)
