"""Break glass belongs to the practitioner who broke it: issuer, subject and agency together."""

from __future__ import annotations

from pathlib import Path

from hub.auth.principal import Principal
from hub.config import Settings
from hub.services.sharing import Sharing


def practitioner(sub: str = "teacher-1", agency: str = "education", role: str = "practitioner",
                 issuer: str = "https://login.county-partners.example") -> Principal:
    return Principal(subject=sub, agency=agency, roles=frozenset({role}), team=None,
                     issuer=issuer)


def sharing(data_dir: Path) -> Sharing:
    return Sharing(Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(data_dir)}))


async def test_only_the_practitioner_who_broke_glass_sees_the_opened_person(
    tmp_path: Path,
) -> None:
    hub = sharing(tmp_path)
    try:
        await hub.break_glass(practitioner(), "per_0007", "missing overnight", 5, "req-1")
        assert hub.open_glass(practitioner()) == ["per_0007"]
        assert hub.open_glass(practitioner(agency="police")) == [], "same sub, other agency"
        assert hub.open_glass(practitioner(issuer="https://idp.police.example")) == [], \
            "same sub, other issuer"
        assert hub.open_glass(practitioner(role="analyst")) == [], \
            "same sub and agency, but not acting as a practitioner"
        assert hub.open_glass(practitioner(sub="teacher-2")) == []
    finally:
        hub.close()


async def test_break_glass_survives_a_restart_for_the_same_practitioner_only(
    tmp_path: Path,
) -> None:
    first = sharing(tmp_path)
    await first.break_glass(practitioner(), "per_0009", "missing overnight", 5, "req-1")
    first.close()
    again = sharing(tmp_path)
    try:
        assert again.open_glass(practitioner()) == ["per_0009"]
        assert again.open_glass(practitioner(agency="health")) == []
        assert again.open_glass(practitioner(issuer="https://other.example")) == []
    finally:
        again.close()
