"""Record linkage in the API: identifiers, likely matches, links between agencies' records of
one person, and the review queue. Resolvers only translate; `hub.services.linking` and
`hub.services.matching` decide what a caller may see (both records, or nothing)."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from hub.domain.errors import InvalidInput
from hub.domain.ids import decode, encode
from hub.linkage.decide import Decision
from hub.linkage.pairs import waterfall
from hub.schema.base import Provenance, as_object, ctx, provenance_of
from hub.schema.mutation_inputs import CLIENT_REF, IdentifierScheme
from hub.schema.mutations import plain
from hub.schema.scalars import DateTime
from hub.services import linking
from hub.services.linking import LinkedRecord as LinkedView
from hub.services.linking import PairView
from hub.services.matching import Candidate
from hub.services.recording.core import commit
from hub.services.recording.data import from_data
from hub.services.recording.identifiers import IdentifierData, plan_identifier

if TYPE_CHECKING:
    from hub.schema.types import Person

PersonRef = Annotated["Person", strawberry.lazy("hub.schema.types")]


@strawberry.type(description=(
    "An identifier an agency holds for a person (NHS number, unique pupil number, police or "
    "social care person reference), checked and stored in its normal form; shared like any "
    "fact under the category its scheme implies."))
class PersonIdentifier:
    raw: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def scheme(self) -> str:
        return str(self.raw.get("scheme"))

    @strawberry.field(description="The normal form: no spaces or dashes, upper case.")
    def value(self) -> str:
        return str(self.raw.get("value"))

    @strawberry.field
    def provenance(self) -> Provenance:
        return provenance_of(self.raw)

    @strawberry.field
    def client_ref(self) -> str | None:
        return self.raw.get("client_ref")


@strawberry.type(description="One comparison's part in a match: its level and partial weight.")
class MatchEvidence:
    comparison: str = strawberry.field(description="forename, surname, dob, gender, postcode, "
                                                   "town; or prior, the first step of a waterfall.")
    level: str = strawberry.field(description="What the comparison found (same given name, "
                                              "a typo apart, day and month swapped...).")
    weight: float = strawberry.field(description="Its partial match weight in bits.")


def _evidence(decision: Decision) -> list[MatchEvidence]:
    return [MatchEvidence(comparison=e.comparison, level=e.level, weight=e.weight)
            for e in decision.evidence]


def _waterfall(decision: Decision) -> list[MatchEvidence]:
    row = {"match_weight": decision.match_weight, "evidence": decision.evidence}
    return [MatchEvidence(comparison=c, level=lv, weight=w) for c, lv, w in waterfall(row)]


def _weight(value: float) -> float:
    return value if value not in (float("inf"), float("-inf")) else -99.0


@strawberry.type(description=(
    "A record the hub already holds that may be the person being recorded; only records you "
    "may see are ever listed."))
class MatchCandidate:
    candidate: strawberry.Private[Candidate]

    @strawberry.field
    def person(self) -> PersonRef:
        return as_object(self.candidate.shown)  # type: ignore[no-any-return]

    @strawberry.field(description="LINK: the model would join them; REVIEW: a person should decide.")
    def outcome(self) -> str:
        assert self.candidate.caller_decision is not None
        return self.candidate.caller_decision.outcome.upper()

    @strawberry.field(description="Match weight in bits (log2 of the Bayes factor with the prior).")
    def match_weight(self) -> float:
        assert self.candidate.caller_decision is not None
        return _weight(self.candidate.caller_decision.match_weight)

    @strawberry.field
    def probability(self) -> float:
        assert self.candidate.caller_decision is not None
        return self.candidate.caller_decision.probability

    @strawberry.field
    def reasons(self) -> list[str]:
        assert self.candidate.caller_decision is not None
        return list(self.candidate.caller_decision.reasons)

    @strawberry.field(description="Which fields agreed, and how much each weighed.")
    def evidence(self) -> list[MatchEvidence]:
        assert self.candidate.caller_decision is not None
        return _evidence(self.candidate.caller_decision)

    @strawberry.field(description="The prior, then each comparison, summing to the weight.")
    def waterfall(self) -> list[MatchEvidence]:
        assert self.candidate.caller_decision is not None
        return _waterfall(self.candidate.caller_decision)


@strawberry.type(description=(
    "Another agency's record of the same person, reached through links between records you "
    "may see. Its facts are its own: read them on `person`."))
class LinkedRecord:
    linked: strawberry.Private[LinkedView]

    @strawberry.field
    def person(self) -> PersonRef:
        return as_object(self.linked.row)  # type: ignore[no-any-return]

    @strawberry.field(description="The id of the link that reached this record.")
    def link_id(self) -> strawberry.ID:
        return strawberry.ID(encode("SamePersonLink", str(self.linked.link["id"])))

    @strawberry.field(description="automatic or confirmed.")
    def how(self) -> str:
        return str(self.linked.link.get("how"))

    @strawberry.field
    def match_weight(self) -> float | None:
        value = self.linked.link.get("match_weight")
        return None if value is None else float(value)

    @strawberry.field(description="The hub id of the record it was reached from.")
    def via(self) -> strawberry.ID:
        return strawberry.ID(self.linked.via)


@strawberry.type(description=(
    "A pair of records that may be one person, waiting for (or given) a MASH or IG decision, "
    "with the evidence. Shown only to a reviewer who may see both records."))
class MatchReviewItem:
    view: strawberry.Private[PairView]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode("MatchReview", str(self.view.row["id"])))

    @strawberry.field(description="open, confirmed, rejected or unlinked.")
    def status(self) -> str:
        return str(self.view.row.get("status"))

    @strawberry.field
    def left(self) -> PersonRef:
        return as_object(self.view.left)  # type: ignore[no-any-return]

    @strawberry.field
    def right(self) -> PersonRef:
        return as_object(self.view.right)  # type: ignore[no-any-return]

    @strawberry.field
    def match_weight(self) -> float:
        return _weight(self.view.decision.match_weight)

    @strawberry.field
    def probability(self) -> float:
        return self.view.decision.probability

    @strawberry.field(description="Why it was queued, as far as what you may see tells.")
    def reasons(self) -> list[str]:
        return list(self.view.decision.reasons)

    @strawberry.field(description="Which fields agreed, and how much each weighed.")
    def evidence(self) -> list[MatchEvidence]:
        return _evidence(self.view.decision)

    @strawberry.field(description="The prior, then each comparison, summing to the weight.")
    def waterfall(self) -> list[MatchEvidence]:
        return _waterfall(self.view.decision)

    @strawberry.field
    def queued_at(self) -> DateTime | None:
        return self.view.row.get("queued_at")

    @strawberry.field
    def decided_at(self) -> DateTime | None:
        return self.view.row.get("decided_at")

    @strawberry.field
    def decided_by(self) -> str | None:
        return self.view.row.get("decided_by")

    @strawberry.field
    def note(self) -> str | None:
        return self.view.row.get("note")


@strawberry.enum
class MatchReviewStatus(Enum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    UNLINKED = "unlinked"


@strawberry.input(description="An identifier an agency holds for a person.")
class RecordIdentifierInput:
    person_id: strawberry.ID
    scheme: IdentifierScheme
    value: str = strawberry.field(description="As held; spaces and dashes are ignored.")
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.type
class RecordIdentifierPayload:
    identifier: PersonIdentifier
    person: PersonRef | None
    created: bool = strawberry.field(description=(
        "False when your agency already held this identifier for this person, or a record "
        "with the same clientRef was already saved."))


def linked_records_of(views: list[LinkedView]) -> list[LinkedRecord]:
    return [LinkedRecord(linked=v) for v in views]


@strawberry.type
class LinkageQuery:
    @strawberry.field(description=(
        "People holding exactly this identifier, among those you may see and whose "
        "identifier you may see. A value failing its check digit is refused."))
    async def people_by_identifier(self, info: Info, scheme: IdentifierScheme,
                                   value: str) -> list[PersonRef]:
        rows = await linking.people_by_identifier(ctx(info), scheme.value, value)
        return [as_object(r) for r in rows]

    @strawberry.field(description=(
        "The match review queue, strongest first: for an IG lead, or a practitioner, analyst "
        "or panel member working for the MASH (purpose mash); only pairs whose two records "
        "you may both see."))
    async def match_reviews(self, info: Info, status: MatchReviewStatus = MatchReviewStatus.OPEN,
                            first: int = 50, offset: int = 0) -> list[MatchReviewItem]:
        if not 0 < first <= ctx(info).settings.max_page_size:
            raise InvalidInput(f"first must be between 1 and {ctx(info).settings.max_page_size}",
                               field="first")
        if offset < 0:
            raise InvalidInput("offset must not be negative", field="offset")
        views = await linking.review_queue(ctx(info), status.value, first, offset)
        return [MatchReviewItem(view=v) for v in views]


@strawberry.type
class LinkageMutation:
    @strawberry.mutation(description=(
        "Record an identifier your agency holds for a person: checked (NHS modulus 11, UPN "
        "check letter, PNC check letter), owned by your agency, shared under the category "
        "its scheme implies (NHS: identity, UPN: education, police: offending, social care: "
        "safeguarding)."))
    async def record_identifier(self, info: Info,
                                input: RecordIdentifierInput) -> RecordIdentifierPayload:
        c = ctx(info)
        done = await commit(c, await plan_identifier(c, from_data(IdentifierData, plain(input))))
        person = await c.loaders.entity.load(_raw_person(input.person_id))
        return RecordIdentifierPayload(identifier=PersonIdentifier(raw=done.row),
                                       person=as_object(person), created=done.created)

    @strawberry.mutation(description=(
        "Confirm that a review item's two records are one person: links them (ownership is "
        "never merged). MASH or IG only; audited."))
    async def confirm_match(self, info: Info, review_id: strawberry.ID,
                            note: str | None = None) -> MatchReviewItem:
        c = ctx(info)
        await linking.confirm_match(c, review_id, note)
        return MatchReviewItem(view=await linking.review_item(c, review_id, "reviewId"))

    @strawberry.mutation(description=(
        "Reject a review item: two different people; they will not be linked or queued again. "
        "MASH or IG only; audited."))
    async def reject_match(self, info: Info, review_id: strawberry.ID,
                           note: str | None = None) -> MatchReviewItem:
        c = ctx(info)
        await linking.reject_match(c, review_id, note)
        return MatchReviewItem(view=await linking.review_item(c, review_id, "reviewId"))

    @strawberry.mutation(description=(
        "Remove a link made in error, with a reason; the pair is kept apart from then on. "
        "MASH or IG only; audited."))
    async def unlink_records(self, info: Info, link_id: strawberry.ID,
                             reason: str) -> bool:
        await linking.unlink(ctx(info), link_id, reason)
        return True


def _raw_person(global_id: str) -> str:
    return decode(global_id)[1]  # checked by the plan already
