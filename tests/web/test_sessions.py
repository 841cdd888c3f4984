"""The session store on its own: sessions end with their token, a sign-in is used once."""

from __future__ import annotations

from hub.web.sessions import MAX_SESSIONS, SessionStore, cookie_from, same_token


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_a_session_lasts_no_longer_than_its_token() -> None:
    clock = Clock()
    store = SessionStore(ttl_s=3600, clock=clock)
    sid, session = store.open("tok", "sub", "police", ("analyst",), None, token_expires_at=1_600)
    assert session.expires_at == 1_600 and store.get(sid) is session
    clock.now = 1_601
    assert store.get(sid) is None


def test_a_pending_sign_in_is_found_once_only() -> None:
    store = SessionStore(ttl_s=60, clock=Clock())
    key, pending = store.begin(state="s", nonce="n", code_verifier="v")
    assert store.finish(key) is pending
    assert store.finish(key) is None and store.finish(None) is None


def test_a_flood_of_sign_in_pages_is_bounded() -> None:
    store = SessionStore(ttl_s=60, clock=Clock())
    first, _ = store.begin()
    for _ in range(MAX_SESSIONS + 5):
        store.begin()
    assert store.finish(first) is None
    assert len(store._pending) <= MAX_SESSIONS


def test_cookie_and_token_helpers() -> None:
    assert cookie_from({"cookie": "a=1; hub_session=xyz; b=2"}, "hub_session") == "xyz"
    assert cookie_from({}, "hub_session") is None
    assert same_token("abc", "abc") and not same_token("abc", "abd") and not same_token("abc", None)
