"""The session store on its own: sessions end with their token, a sign-in is used once."""

from __future__ import annotations

from pathlib import Path

from hub.web.sessions import SessionStore, cookie_from, same_token


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_a_session_lasts_no_longer_than_its_token(tmp_path: Path) -> None:
    clock = Clock()
    store = SessionStore(3600, tmp_path, clock=clock)
    sid, session = store.open("tok", "sub", "police", ("analyst",), None, token_expires_at=1_600)
    assert session.expires_at == 1_600 and store.get(sid) == session
    clock.now = 1_601
    assert store.get(sid) is None


def test_another_worker_finds_the_session_and_sign_out_ends_it(tmp_path: Path) -> None:
    one, two = SessionStore(60, tmp_path, clock=Clock()), SessionStore(60, tmp_path, clock=Clock())
    sid, session = one.open("tok", "sub", "police", ("analyst",), "N", token_expires_at=None)
    assert two.get(sid) == session
    two.close(sid)
    assert one.get(sid) is None
    key, pending = one.begin(state="s")
    assert two.finish(key) == pending and one.finish(key) is None


def test_a_forged_cookie_is_never_a_path(tmp_path: Path) -> None:
    store = SessionStore(60, tmp_path / "s", clock=Clock())
    (tmp_path / "secret.json").write_text('{"expires_at": 1e18}')
    assert store.get("../secret") is None and store.get("") is None and store.finish("../x") is None


def test_a_pending_sign_in_is_found_once_only(tmp_path: Path) -> None:
    store = SessionStore(60, tmp_path, clock=Clock())
    key, pending = store.begin(state="s", nonce="n", code_verifier="v")
    assert store.finish(key) == pending
    assert store.finish(key) is None and store.finish(None) is None


def test_a_flood_of_sign_in_pages_is_bounded(tmp_path: Path) -> None:
    store = SessionStore(60, tmp_path, clock=Clock(), max_entries=20)
    for _ in range(50):
        store.begin()
    assert len(list(tmp_path.glob("p-*.json"))) <= 21


def test_cookie_and_token_helpers() -> None:
    assert cookie_from({"cookie": "a=1; hub_session=xyz; b=2"}, "hub_session") == "xyz"
    assert cookie_from({}, "hub_session") is None
    assert same_token("abc", "abc") and not same_token("abc", "abd") and not same_token("abc", None)
