"""The codes the graph stores for every enumerated property, as `docs/model.md` lists them.

The GraphQL enums mirror these (a test holds them equal); services validate plain data
against them, so a bulk feed's rows are checked by the same lists as a mutation's input.
"""

from __future__ import annotations

PERSON_KINDS = ("child", "adult")
GENDERS = ("female", "male", "non_binary", "unknown")
ETHNICITIES = ("white", "mixed", "asian", "black", "other", "not_stated")
LINK_KINDS = ("peer", "co_offending", "missing_together", "same_school", "same_place", "online",
              "exploitation", "trusted_adult", "positive_activity")
INCIDENT_TYPES = ("violence", "knife_crime", "robbery", "drugs", "exploitation",
                  "domestic_abuse", "asb", "sexual_offence", "theft", "criminal_damage", "other")
INCIDENT_ROLES = ("suspect", "victim", "witness", "present")
MISSING_RISKS = ("no_apparent_risk", "low", "medium", "high")
INTERVIEW_STATUSES = ("offered", "completed", "declined")
REFERRAL_SERVICES = ("mash", "early_help", "social_care", "yos_prevention", "eis_youth",
                     "eis_da", "camhs", "mace")
CONSENTS = ("given", "refused", "not_sought", "safeguarding_override")
REFERRAL_OUTCOMES = ("open", "accepted", "nfa", "signposted", "stepped_up", "closed")
RISK_LEVELS = ("low", "medium", "high")
ACTION_STATUSES = ("open", "done", "cancelled")
LINE_STATUSES = ("active", "disrupted", "closed")
LINE_ROLES = ("controller", "runner", "holder", "user", "cuckooed_address", "stash_house",
              "deal_location", "deal_line")
PERSON_LINE_ROLES = ("controller", "runner", "holder", "user")
PLACE_LINE_ROLES = ("cuckooed_address", "stash_house", "deal_location")
PHONE_LINE_ROLES = ("deal_line",)
PHONE_KINDS = ("deal_line", "personal")
AREA_KINDS = ("city", "town")
PLACE_KINDS = ("home", "park", "station", "shop", "takeaway", "school", "address", "street",
               "other")
SCHOOL_PHASES = ("primary", "secondary", "ap", "special")
FAMILY_KINDS = ("parent", "sibling", "carer", "grandparent", "other")
HOUSEHOLD_ROLES = ("parent", "carer", "child", "other")
GROUP_ROLES = ("member", "leader", "peripheral", "adult_associate")
GROUP_STATUSES = ("candidate", "confirmed", "closed")
FLAG_KINDS = ("child_protection_plan", "child_in_care", "child_in_need",
              "exploitation_screening", "excluded", "suspended", "camhs_open",
              "health_condition", "da_victim", "da_perpetrator", "consent_record")
INTERVENTION_KINDS = ("mentoring", "youth_work", "pads", "family_support", "education_support",
                      "da_support", "camhs")
INTERVENTION_OUTCOMES = ("ongoing", "completed", "disengaged", "stepped_up")
OUTCOME_KINDS = ("CRD", "OUTCOME_21", "OUTCOME_22", "YC", "YCC", "REFERRAL_ORDER", "YRO",
                 "CUSTODY")
PANEL_KINDS = ("mace", "vap", "mash")

# The category a fact takes from its kind (the rest of a kind's facts take one category).
FLAG_CATEGORY: dict[str, str] = {
    "child_protection_plan": "safeguarding", "child_in_care": "safeguarding",
    "child_in_need": "safeguarding", "exploitation_screening": "safeguarding",
    "excluded": "education", "suspended": "education", "camhs_open": "health",
    "health_condition": "health", "da_victim": "domestic_abuse",
    "da_perpetrator": "domestic_abuse", "consent_record": "safeguarding",
}
INTERVENTION_CATEGORY: dict[str, str] = {
    "mentoring": "safeguarding", "youth_work": "safeguarding", "pads": "offending",
    "family_support": "safeguarding", "education_support": "education",
    "da_support": "domestic_abuse", "camhs": "health",
}

# A record retracted as entered in error keeps its data for the audit but takes this
# category, which no scope ever holds: every read's one sharing predicate
# (`x.scope IN $scopes`, the scope being `owner:category`) then hides and uncounts it
# everywhere.
RETRACTED = "retracted"
