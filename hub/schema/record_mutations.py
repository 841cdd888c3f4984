"""More of the Mutation root: the rest of the model, recordable through the API. Resolvers
only translate; each calls one `plan_<kind>` of `hub.services.recording` and `commit`."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from hub.domain.ids import encode
from hub.schema.base import as_object
from hub.schema.mutation_payloads import CorrectRecordPayload
from hub.schema.mutations import record
from hub.schema.record_inputs import (
    AddHouseholdMemberInput,
    AddPeerGroupMemberInput,
    ClosePeerGroupInput,
    EndAssociationInput,
    RecordAreaInput,
    RecordCountyLineInput,
    RecordFamilyTieInput,
    RecordFlagInput,
    RecordHouseholdInput,
    RecordInterventionInput,
    RecordLineAreaInput,
    RecordLineLinkInput,
    RecordLinePhoneInput,
    RecordOutcomeInput,
    RecordPanelInput,
    RecordPhoneInput,
    RecordPlaceInput,
    RecordResidenceInput,
    RecordSchoolInput,
    RecordSchoolRollInput,
    RemovePeerGroupMemberInput,
)
from hub.schema.record_payloads import (
    RecordAreaPayload,
    RecordCountyLinePayload,
    RecordFlagPayload,
    RecordHouseholdPayload,
    RecordInterventionPayload,
    RecordLinkPayload,
    RecordOutcomePayload,
    RecordPanelPayload,
    RecordPhonePayload,
    RecordPlacePayload,
    RecordSchoolPayload,
    link_record,
)
from hub.services import recording
from hub.services.recording.links import link_key


def _linked(done: recording.Recorded, kind: str) -> RecordLinkPayload:
    assert done.link is not None
    return RecordLinkPayload(link=link_record(kind, done.row, done.link, done.other),
                             created=done.created)


@strawberry.type
class RecordMoreMutation:
    @strawberry.mutation(description="Record a town or city as an area a county line runs from or to.")
    async def record_area(self, info: Info, input: RecordAreaInput) -> RecordAreaPayload:
        done = await record(info, recording.plan_area, recording.AreaData, input)
        return RecordAreaPayload(area=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record a place or address (reference), optionally in an area.")
    async def record_place(self, info: Info, input: RecordPlaceInput) -> RecordPlacePayload:
        done = await record(info, recording.plan_place, recording.PlaceData, input)
        return RecordPlacePayload(place=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record a school or alternative provision (reference).")
    async def record_school(self, info: Info, input: RecordSchoolInput) -> RecordSchoolPayload:
        done = await record(info, recording.plan_school, recording.SchoolData, input)
        return RecordSchoolPayload(school=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record a county line with the areas it exports from and imports to.")
    async def record_county_line(self, info: Info, input: RecordCountyLineInput) -> RecordCountyLinePayload:
        done = await record(info, recording.plan_county_line, recording.CountyLineData, input)
        return RecordCountyLinePayload(line=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record a deal-line or personal phone (intelligence).")
    async def record_phone(self, info: Info, input: RecordPhoneInput) -> RecordPhonePayload:
        done = await record(info, recording.plan_phone, recording.PhoneData, input)
        return RecordPhonePayload(phone=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record a household with its members.")
    async def record_household(self, info: Info, input: RecordHouseholdInput) -> RecordHouseholdPayload:
        done = await record(info, recording.plan_household, recording.HouseholdData, input)
        return RecordHouseholdPayload(household=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record a sensitive fact about a person; its kind decides its category.")
    async def record_flag(self, info: Info, input: RecordFlagInput) -> RecordFlagPayload:
        done = await record(info, recording.plan_flag, recording.FlagData, input)
        return RecordFlagPayload(flag=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record support or diversion delivered to a person.")
    async def record_intervention(
        self, info: Info, input: RecordInterventionInput
    ) -> RecordInterventionPayload:
        done = await record(info, recording.plan_intervention, recording.InterventionData, input)
        return RecordInterventionPayload(intervention=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record a youth justice outcome.")
    async def record_outcome(self, info: Info, input: RecordOutcomeInput) -> RecordOutcomePayload:
        done = await record(info, recording.plan_outcome, recording.OutcomeData, input)
        return RecordOutcomePayload(outcome=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record a meeting of a multi-agency panel.")
    async def record_panel(self, info: Info, input: RecordPanelInput) -> RecordPanelPayload:
        done = await record(info, recording.plan_panel, recording.PanelData, input)
        return RecordPanelPayload(panel=as_object(done.row), created=done.created)

    @strawberry.mutation(description="Record that a person lives (or lived) at a place.")
    async def record_residence(self, info: Info, input: RecordResidenceInput) -> RecordLinkPayload:
        done = await record(info, recording.plan_residence, recording.ResidenceData, input)
        return _linked(done, 'Residence')

    @strawberry.mutation(description="Record a child on a school's roll.")
    async def record_school_roll(self, info: Info, input: RecordSchoolRollInput) -> RecordLinkPayload:
        done = await record(info, recording.plan_school_roll, recording.SchoolRollData, input)
        return _linked(done, 'SchoolRoll')

    @strawberry.mutation(description="Record a person's, place's (a cuckooed address...) or "
                                      "phone's role on a county line.")
    async def record_line_link(self, info: Info, input: RecordLineLinkInput) -> RecordLinkPayload:
        done = await record(info, recording.plan_line_link, recording.LineLinkData, input)
        return _linked(done, 'LineLink')

    @strawberry.mutation(description="Record the phone a county line uses as its deal line.")
    async def record_line_phone(self, info: Info, input: RecordLinePhoneInput) -> RecordLinkPayload:
        done = await record(info, recording.plan_line_phone, recording.LinePhoneData, input)
        return _linked(done, 'LinePhone')

    @strawberry.mutation(description="Record an area a county line exports from or imports to.")
    async def record_line_area(self, info: Info, input: RecordLineAreaInput) -> RecordLinkPayload:
        done = await record(info, recording.plan_line_area, recording.LineAreaData, input)
        return _linked(done, "LineExport" if input.direction.value == "exports" else "LineImport")

    @strawberry.mutation(description="Add a person to a household.")
    async def add_household_member(self, info: Info, input: AddHouseholdMemberInput) -> RecordLinkPayload:
        done = await record(info, recording.plan_household_member, recording.HouseholdMemberData, input)
        return _linked(done, 'HouseholdMember')

    @strawberry.mutation(description="Record a family tie between two people.")
    async def record_family_tie(self, info: Info, input: RecordFamilyTieInput) -> RecordLinkPayload:
        done = await record(info, recording.plan_family_tie, recording.FamilyTieData, input)
        return _linked(done, 'FamilyTie')

    @strawberry.mutation(description="Add a person to a peer group.")
    async def add_peer_group_member(self, info: Info, input: AddPeerGroupMemberInput) -> RecordLinkPayload:
        done = await record(info, recording.plan_group_member, recording.GroupMemberData, input)
        return _linked(done, 'GroupMember')

    @strawberry.mutation(description="End a person's membership of a peer group (kept and "
                                      "audited; shown as a former member).")
    async def remove_peer_group_member(
        self, info: Info, input: RemovePeerGroupMemberInput
    ) -> CorrectRecordPayload:
        done = await record(info, recording.plan_group_member_removal,
                            recording.GroupMemberRemovalData, input)
        link = done.link or done.row
        key = link_key(str(done.row.get("_from") or done.row["id"]), str(link["id"]))
        return CorrectRecordPayload(record_id=strawberry.ID(encode("GroupMember", key)),
                                    changed=done.created, record=None)

    @strawberry.mutation(description="Close a peer group your agency recorded, with a reason.")
    async def close_peer_group(self, info: Info, input: ClosePeerGroupInput) -> CorrectRecordPayload:
        done = await record(info, recording.plan_group_closure, recording.GroupClosureData, input)
        return CorrectRecordPayload(record_id=input.group_id, changed=done.created,
                                    record=as_object(done.row))

    @strawberry.mutation(description="Record that an association is over, with a reason.")
    async def end_association(self, info: Info, input: EndAssociationInput) -> CorrectRecordPayload:
        done = await record(info, recording.plan_association_end, recording.AssociationEndData,
                            input)
        return CorrectRecordPayload(record_id=input.association_id, changed=done.created,
                                    record=None)
