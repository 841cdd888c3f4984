"""What partners send to record the rest of the model: places, schools and areas, who lives
where, school rolls, county lines and phones and what is on them, households and family ties,
flags, interventions and outcomes, panels, peer group members; and the enums they use.

Enum values are the codes of `hub/domain/vocabulary.py` (a test holds them equal). Ids are
the read API's global ids. Text and dates are checked by the recording service, which names
the field.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from hub.schema.mutation_inputs import CLIENT_REF
from hub.schema.scalars import Date

LINK_REF = CLIENT_REF + " Kept per start record: send the same first id again."

@strawberry.enum
class AreaKind(Enum):
    CITY = 'city'
    TOWN = 'town'


@strawberry.enum
class PlaceKind(Enum):
    HOME = 'home'
    PARK = 'park'
    STATION = 'station'
    SHOP = 'shop'
    TAKEAWAY = 'takeaway'
    SCHOOL = 'school'
    ADDRESS = 'address'
    STREET = 'street'
    OTHER = 'other'


@strawberry.enum
class SchoolPhase(Enum):
    PRIMARY = 'primary'
    SECONDARY = 'secondary'
    AP = 'ap'
    SPECIAL = 'special'


@strawberry.enum
class LineStatus(Enum):
    ACTIVE = 'active'
    DISRUPTED = 'disrupted'
    CLOSED = 'closed'


@strawberry.enum
class LineRole(Enum):
    CONTROLLER = 'controller'
    RUNNER = 'runner'
    HOLDER = 'holder'
    USER = 'user'
    CUCKOOED_ADDRESS = 'cuckooed_address'
    STASH_HOUSE = 'stash_house'
    DEAL_LOCATION = 'deal_location'
    DEAL_LINE = 'deal_line'


@strawberry.enum
class PhoneKind(Enum):
    DEAL_LINE = 'deal_line'
    PERSONAL = 'personal'


@strawberry.enum
class FamilyKind(Enum):
    PARENT = 'parent'
    SIBLING = 'sibling'
    CARER = 'carer'
    GRANDPARENT = 'grandparent'
    OTHER = 'other'


@strawberry.enum
class HouseholdRole(Enum):
    PARENT = 'parent'
    CARER = 'carer'
    CHILD = 'child'
    OTHER = 'other'


@strawberry.enum
class GroupRole(Enum):
    MEMBER = 'member'
    LEADER = 'leader'
    PERIPHERAL = 'peripheral'
    ADULT_ASSOCIATE = 'adult_associate'


@strawberry.enum
class FlagKind(Enum):
    CHILD_PROTECTION_PLAN = 'child_protection_plan'
    CHILD_IN_CARE = 'child_in_care'
    CHILD_IN_NEED = 'child_in_need'
    EXPLOITATION_SCREENING = 'exploitation_screening'
    EXCLUDED = 'excluded'
    SUSPENDED = 'suspended'
    CAMHS_OPEN = 'camhs_open'
    HEALTH_CONDITION = 'health_condition'
    DA_VICTIM = 'da_victim'
    DA_PERPETRATOR = 'da_perpetrator'
    CONSENT_RECORD = 'consent_record'


@strawberry.enum
class InterventionKind(Enum):
    MENTORING = 'mentoring'
    YOUTH_WORK = 'youth_work'
    PADS = 'pads'
    FAMILY_SUPPORT = 'family_support'
    EDUCATION_SUPPORT = 'education_support'
    DA_SUPPORT = 'da_support'
    CAMHS = 'camhs'


@strawberry.enum
class InterventionOutcome(Enum):
    ONGOING = 'ongoing'
    COMPLETED = 'completed'
    DISENGAGED = 'disengaged'
    STEPPED_UP = 'stepped_up'


@strawberry.enum
class OutcomeKind(Enum):
    CRD = 'CRD'
    OUTCOME_21 = 'OUTCOME_21'
    OUTCOME_22 = 'OUTCOME_22'
    YC = 'YC'
    YCC = 'YCC'
    REFERRAL_ORDER = 'REFERRAL_ORDER'
    YRO = 'YRO'
    CUSTODY = 'CUSTODY'


@strawberry.enum
class PanelKind(Enum):
    MACE = 'mace'
    VAP = 'vap'
    MASH = 'mash'


@strawberry.enum(description="Whether a line exports from an area or imports to it.")
class LineDirection(Enum):
    EXPORTS = "exports"
    IMPORTS = "imports"


# ---------------------------------------------------------------- places, schools, areas

@strawberry.input(description="A town or city, as an area a county line runs from or to.")
class RecordAreaInput:
    name: str
    kind: AreaKind
    region: str | None = None
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.input(description="An address or location.")
class RecordPlaceInput:
    name: str
    kind: PlaceKind
    address: str | None = None
    postcode: str | None = None
    town: str | None = None
    district: str | None = None
    ward: str | None = None
    lsoa: str | None = strawberry.field(default=None, description="The small-area code.")
    lat: float | None = None
    lon: float | None = None
    area_id: strawberry.ID | None = strawberry.field(default=None,
                                                     description="The Area it is in.")
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.input(description="A school or alternative provision.")
class RecordSchoolInput:
    name: str
    phase: SchoolPhase
    urn: str | None = None
    town: str | None = None
    place_id: strawberry.ID | None = strawberry.field(default=None,
                                                      description="The Place where it is.")
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.input(description="A person lives (or lived) at a place, from and to when known.")
class RecordResidenceInput:
    person_id: strawberry.ID
    place_id: strawberry.ID
    start: Date | None = None
    end: Date | None = None
    client_ref: str | None = strawberry.field(default=None, description=LINK_REF)


@strawberry.input(description="A child on a school's roll.")
class RecordSchoolRollInput:
    child_id: strawberry.ID
    school_id: strawberry.ID
    start: Date | None = None
    end: Date | None = None
    year_group: int | None = strawberry.field(default=None,
                                              description="0 (Reception) to 14.")
    client_ref: str | None = strawberry.field(default=None, description=LINK_REF)


# ---------------------------------------------------------------- county lines

@strawberry.input(description="A drug-dealing line, with the areas it runs from and to.")
class RecordCountyLineInput:
    name: str
    status: LineStatus
    first_seen: Date | None = None
    last_seen: Date | None = None
    exports_from_area_id: strawberry.ID | None = None
    imports_to_area_ids: list[strawberry.ID] | None = None
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.input(description="A deal-line or personal phone.")
class RecordPhoneInput:
    number: str
    kind: PhoneKind
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.input(description=(
    "A person's, place's or phone's role on a line: a person is a controller, runner, holder "
    "or user; a place a cuckooed address, stash house or deal location; a phone the deal line."))
class RecordLineLinkInput:
    subject_id: strawberry.ID = strawberry.field(description="A Child, Adult, Place or Phone.")
    line_id: strawberry.ID
    role: LineRole
    first_seen: Date | None = None
    last_seen: Date | None = None
    client_ref: str | None = strawberry.field(default=None, description=LINK_REF)


@strawberry.input(description="The phone a line uses as its deal line, from and to when.")
class RecordLinePhoneInput:
    line_id: strawberry.ID
    phone_id: strawberry.ID
    start: Date | None = None
    end: Date | None = None
    client_ref: str | None = strawberry.field(default=None, description=LINK_REF)


@strawberry.input(description="An area a line exports from or imports to.")
class RecordLineAreaInput:
    line_id: strawberry.ID
    area_id: strawberry.ID
    direction: LineDirection
    client_ref: str | None = strawberry.field(default=None, description=LINK_REF)


# ---------------------------------------------------------------- families

@strawberry.input(description="A member of a household and their role in it.")
class HouseholdMemberInput:
    person_id: strawberry.ID
    role: HouseholdRole


@strawberry.input(description="A household, with its members.")
class RecordHouseholdInput:
    name: str
    town: str | None = None
    members: list[HouseholdMemberInput] = strawberry.field(default_factory=list)
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.input(description="A person joins a household.")
class AddHouseholdMemberInput:
    person_id: strawberry.ID
    family_id: strawberry.ID
    role: HouseholdRole
    client_ref: str | None = strawberry.field(default=None, description=LINK_REF)


@strawberry.input(description="A family tie: the person is KIND of the relative.")
class RecordFamilyTieInput:
    person_id: strawberry.ID
    relative_id: strawberry.ID
    kind: FamilyKind
    client_ref: str | None = strawberry.field(default=None, description=LINK_REF)


# ---------------------------------------------------------------- flags, support, outcomes

@strawberry.input(description="A sensitive fact about a person; its kind decides its category.")
class RecordFlagInput:
    person_id: strawberry.ID
    kind: FlagKind
    since: Date | None = None
    until: Date | None = None
    detail: str | None = None
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.input(description="Support or diversion delivered to a person.")
class RecordInterventionInput:
    person_id: strawberry.ID
    kind: InterventionKind
    started_at: Date
    ended_at: Date | None = None
    outcome: InterventionOutcome = InterventionOutcome.ONGOING
    referral_id: strawberry.ID | None = strawberry.field(
        default=None, description="The Referral it follows, if any.")
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.input(description="A youth justice outcome.")
class RecordOutcomeInput:
    person_id: strawberry.ID
    kind: OutcomeKind
    decided_at: Date
    incident_id: strawberry.ID | None = strawberry.field(
        default=None, description="The Incident it disposes of, if any.")
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


# ---------------------------------------------------------------- panels and groups

@strawberry.input(description="A meeting of a multi-agency panel.")
class RecordPanelInput:
    kind: PanelKind
    held_on: Date
    name: str | None = None
    client_ref: str | None = strawberry.field(default=None, description=CLIENT_REF)


@strawberry.input(description="A person joins a peer group.")
class AddPeerGroupMemberInput:
    person_id: strawberry.ID
    group_id: strawberry.ID
    role: GroupRole = GroupRole.MEMBER
    since: Date | None = None
    client_ref: str | None = strawberry.field(default=None, description=LINK_REF)


@strawberry.input(description="A person left a peer group: the membership ends (kept, audited).")
class RemovePeerGroupMemberInput:
    person_id: strawberry.ID
    group_id: strawberry.ID
    reason: str
    until: Date | None = strawberry.field(default=None, description="Default: today.")


@strawberry.input(description="Close a peer group your agency recorded.")
class ClosePeerGroupInput:
    group_id: strawberry.ID
    reason: str


@strawberry.input(description="An association is over.")
class EndAssociationInput:
    association_id: strawberry.ID
    reason: str
    ended_on: Date | None = strawberry.field(default=None, description="Default: today.")
