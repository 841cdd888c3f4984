"""Which audit entries an auditor reads: their agency's, unless configuration says county-wide."""

from __future__ import annotations

from typing import Any

import pytest

from hub.auth.audit import AuditEntry, AuditRecord
from hub.auth.principal import Principal
from hub.config import ConfigError, Settings
from hub.services.audit_reading import concerns_agency, county_wide


def record(**fields: Any) -> AuditRecord:
    entry = AuditEntry(**{"kind": "disclosure", "actor": "someone", "agency": "police",
                          **fields})
    return AuditRecord(seq=1, at="2026-01-01T00:00:00", entry=entry, prev="0", hash="0")


def reader(agency: str, role: str = "auditor") -> Principal:
    return Principal(subject="a", agency=agency, roles=frozenset({role}), team=None,
                     issuer="test")


def test_an_entry_by_the_agencys_user_is_its_business() -> None:
    assert concerns_agency(record(), "police", {}, [])
    assert not concerns_agency(record(), "education", {}, [])


def test_an_entry_naming_a_person_the_agency_holds_is_its_business() -> None:
    look = record(subjects=("per_1", "per_2"))
    assert concerns_agency(look, "trust", {"per_2": "trust"}, [])
    assert not concerns_agency(look, "health", {"per_1": "police", "per_2": "trust"}, [])


def test_a_change_to_an_agreement_is_the_business_of_its_parties() -> None:
    change = record(kind="change", agreements=("agr_1",), after={"id": "agr_1",
                                                                 "parties": ["health", "yos"]})
    assert concerns_agency(change, "health", {}, [])
    assert not concerns_agency(change, "education", {}, [])
    relied = record(agreements=("agr_1",))
    assert not concerns_agency(relied, "health", {}, [{"id": "agr_1", "parties": ["health"]}]), \
        "relying on an agreement is not a look at every party's records"


def test_county_wide_reading_is_only_by_configuration() -> None:
    assert not county_wide(reader("trust"), Settings.from_env({}).county_audit)
    settings = Settings.from_env({"HUB_COUNTY_AUDIT": "trust:auditor, police:ig_lead"})
    assert county_wide(reader("trust"), settings.county_audit)
    assert not county_wide(reader("trust", "ig_lead"), settings.county_audit)
    assert not county_wide(reader("education"), settings.county_audit)


@pytest.mark.parametrize("value", ["trust", "fire:auditor", "trust:janitor"])
def test_a_bad_county_audit_setting_is_refused_by_name(value: str) -> None:
    with pytest.raises(ConfigError, match="HUB_COUNTY_AUDIT"):
        Settings.from_env({"HUB_COUNTY_AUDIT": value})
