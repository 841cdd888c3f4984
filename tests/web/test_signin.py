"""Signing in to the workbench over real HTTP: the dev issuer's form, and OpenID Connect
code + PKCE against a real (in-test, loopback) provider with real signed tokens; the
session cookie's flags, CSRF on every state change, and sign-out."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.support import RunningHub, start_hub, stop_hub
from tests.web.oidc_provider import Provider, RunningProvider, provider_port

ME = {"query": "{ me { subject agency roles } }"}


def cookies_of(response: httpx.Response) -> dict[str, SimpleCookie]:
    """Set-Cookie headers by name, read by hand: httpx keeps Secure cookies off plain HTTP."""
    found = {}
    for header in response.headers.get_list("set-cookie"):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name in jar:
            found[name] = jar
    return found


def dev_sign_in(hub: RunningHub, sub: str = "web.tester", agency: str = "police",
                role: str = "analyst") -> tuple[str, str]:
    """Sign in through the dev form; the session cookie and the session's CSRF token."""
    page = httpx.get(f"{hub.url}/workbench/signin")
    login = cookies_of(page)["hub_signin"]["hub_signin"].value
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]  # type: ignore[index]
    done = httpx.post(f"{hub.url}/workbench/signin/dev", cookies=None,
                      headers={"Cookie": f"hub_signin={login}",
                               "Content-Type": "application/x-www-form-urlencoded"},
                      content=f"csrf={csrf}&sub={sub}&agency={agency}&role={role}")
    assert done.status_code == 303, done.text
    session = cookies_of(done)["hub_session"]["hub_session"].value
    me = httpx.get(f"{hub.url}/workbench/session", headers={"Cookie": f"hub_session={session}"})
    return session, me.json()["csrf"]


def test_the_session_cookie_is_httponly_secure_and_samesite_strict(hub: RunningHub) -> None:
    page = httpx.get(f"{hub.url}/workbench/signin")
    login = cookies_of(page)["hub_signin"]["hub_signin"]
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]  # type: ignore[index]
    done = httpx.post(f"{hub.url}/workbench/signin/dev",
                      headers={"Cookie": f"hub_signin={login.value}",
                               "Content-Type": "application/x-www-form-urlencoded"},
                      content=f"csrf={csrf}&sub=cookie.check&agency=trust&role=practitioner")
    cookie = cookies_of(done)["hub_session"]["hub_session"]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"].lower() == "strict"
    assert cookie["path"] == "/"


def test_the_page_needs_a_session(hub: RunningHub) -> None:
    response = httpx.get(f"{hub.url}/workbench")
    assert response.status_code == 303 and response.headers["location"] == "/workbench/signin"
    session, _ = dev_sign_in(hub)
    page = httpx.get(f"{hub.url}/workbench", headers={"Cookie": f"hub_session={session}"})
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy


def test_a_dev_sign_in_without_the_forms_token_is_refused(hub: RunningHub) -> None:
    page = httpx.get(f"{hub.url}/workbench/signin")
    login = cookies_of(page)["hub_signin"]["hub_signin"].value
    forged = httpx.post(f"{hub.url}/workbench/signin/dev",
                        headers={"Cookie": f"hub_signin={login}",
                                 "Content-Type": "application/x-www-form-urlencoded"},
                        content="csrf=guessed&sub=x&agency=police&role=analyst")
    assert forged.status_code == 403 and "hub_session" not in cookies_of(forged)
    assert "expired" in forged.text


def test_graphql_with_the_session_needs_its_csrf_token(hub: RunningHub) -> None:
    session, csrf = dev_sign_in(hub, agency="trust", role="practitioner")
    cookie = {"Cookie": f"hub_session={session}", "Content-Type": "application/json"}
    missing = httpx.post(f"{hub.url}/graphql", headers=cookie, json=ME)
    assert missing.status_code == 403 and "CSRF" in missing.text
    wrong = httpx.post(f"{hub.url}/graphql", headers={**cookie, "X-CSRF-Token": "x" + csrf}, json=ME)
    assert wrong.status_code == 403
    good = httpx.post(f"{hub.url}/graphql", headers={**cookie, "X-CSRF-Token": csrf}, json=ME)
    assert good.status_code == 200
    assert good.json()["data"]["me"] == {"subject": "web.tester", "agency": "trust",
                                         "roles": ["practitioner"]}


def test_a_request_from_another_origin_is_refused_even_with_the_token(hub: RunningHub) -> None:
    session, csrf = dev_sign_in(hub)
    response = httpx.post(f"{hub.url}/graphql", json=ME, headers={
        "Cookie": f"hub_session={session}", "X-CSRF-Token": csrf,
        "Origin": "https://evil.example"})
    assert response.status_code == 403 and "cross-site" in response.text


def test_exports_need_the_csrf_token_and_a_justification(hub: RunningHub) -> None:
    session, csrf = dev_sign_in(hub)
    form = {"Cookie": f"hub_session={session}",
            "Content-Type": "application/x-www-form-urlencoded"}
    refused = httpx.post(f"{hub.url}/workbench/export/lines.csv", headers=form,
                         content="purpose=mace&justification=checking")
    assert refused.status_code == 403
    unjustified = httpx.post(f"{hub.url}/workbench/export/lines.csv", headers=form,
                             content=f"csrf={csrf}&purpose=mace")
    assert unjustified.status_code == 403 and "justification" in unjustified.text
    ok = httpx.post(f"{hub.url}/workbench/export/lines.csv", headers=form,
                    content=f"csrf={csrf}&purpose=mace&justification=checking+the+lines")
    assert ok.status_code == 200 and ok.text.startswith("child_id,child,direct")


def test_signing_out_ends_the_session(hub: RunningHub) -> None:
    session, csrf = dev_sign_in(hub)
    cookie = {"Cookie": f"hub_session={session}"}
    out = httpx.post(f"{hub.url}/workbench/signout", headers={**cookie, "X-CSRF-Token": csrf})
    assert out.status_code == 303
    after = httpx.post(f"{hub.url}/graphql", json=ME,
                       headers={**cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"})
    assert after.status_code == 401 and "sign in again" in after.text


# ---------------------------------------------------------------- OpenID Connect

@pytest.fixture(scope="module")
def oidc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Provider, RunningHub]]:
    port = provider_port()
    url = f"http://127.0.0.1:{port}"
    provider = Provider(url=url, client_id="hub-workbench", redirect_uri="",
                        audience="partnership-data-hub",
                        claims={"sub": "oidc.analyst", "name": "Nia Analyst (fictional)",
                                "agency": "yos", "roles": ["analyst"]})
    running = RunningProvider(provider, port)
    data: Path = tmp_path_factory.mktemp("oidc") / "data"
    hub = start_hub(data, extra_env={
        "HUB_OIDC": json.dumps({"issuer": url, "client_id": "hub-workbench",
                                "label": "Test County sign-in"}),
        "HUB_ISSUERS": json.dumps([{"issuer": url, "jwks_uri": f"{url}/jwks"}]),
    }, seed=None)
    provider.redirect_uri = f"{hub.url}/workbench/callback"
    yield provider, hub
    stop_hub(hub)
    running.stop()


def start_oidc(hub: RunningHub) -> tuple[httpx.Response, str]:
    start = httpx.get(f"{hub.url}/workbench/signin/oidc")
    assert start.status_code == 303, start.text
    login = cookies_of(start)["hub_signin"]["hub_signin"]
    assert login["httponly"] and login["secure"] and login["samesite"].lower() == "lax"
    return start, login.value


def test_oidc_code_flow_with_pkce_opens_a_session(oidc: tuple[Provider, RunningHub]) -> None:
    provider, hub = oidc
    start, login = start_oidc(hub)
    asked = parse_qs(urlsplit(start.headers["location"]).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["code_challenge"][0]
    assert "code_verifier" not in asked and asked["nonce"][0] and asked["state"][0]
    back = httpx.get(start.headers["location"])  # the provider signs the person in
    assert back.status_code == 302
    done = httpx.get(back.headers["location"], headers={"Cookie": f"hub_signin={login}"})
    assert done.status_code == 303, done.text
    assert provider.token_requests[-1]["code_verifier"]  # the verifier went to the token endpoint only
    session = cookies_of(done)["hub_session"]["hub_session"].value
    me = httpx.get(f"{hub.url}/workbench/session", headers={"Cookie": f"hub_session={session}"})
    assert me.json()["subject"] == "oidc.analyst" and me.json()["agency"] == "yos"
    answer = httpx.post(f"{hub.url}/graphql", json=ME, headers={
        "Cookie": f"hub_session={session}", "X-CSRF-Token": me.json()["csrf"]})
    assert answer.json()["data"]["me"]["agency"] == "yos"


def test_oidc_callback_refuses_a_forged_state_and_a_replay(oidc: tuple[Provider, RunningHub]) -> None:
    _, hub = oidc
    start, login = start_oidc(hub)
    back = httpx.get(start.headers["location"])
    code = parse_qs(urlsplit(back.headers["location"]).query)["code"][0]
    forged = httpx.get(f"{hub.url}/workbench/callback?code={code}&state=forged",
                       headers={"Cookie": f"hub_signin={login}"})
    assert forged.status_code == 403 and "hub_session" not in cookies_of(forged)
    replay = httpx.get(back.headers["location"], headers={"Cookie": f"hub_signin={login}"})
    assert replay.status_code == 403  # the pending sign-in was used up by the forged try


@pytest.mark.parametrize("tamper, says", [
    ("nonce", "does not verify"), ("audience", "does not verify"),
    ("signature", "does not verify")])
def test_oidc_refuses_an_id_token_that_does_not_verify(
        oidc: tuple[Provider, RunningHub], tamper: str, says: str) -> None:
    provider, hub = oidc
    provider.tamper = {tamper}
    try:
        start, login = start_oidc(hub)
        back = httpx.get(start.headers["location"])
        done = httpx.get(back.headers["location"], headers={"Cookie": f"hub_signin={login}"})
    finally:
        provider.tamper = set()
    assert done.status_code == 401 and says in done.text
    assert "hub_session" not in cookies_of(done)


def test_oidc_sign_in_in_the_browser(chromium: object, oidc: tuple[Provider, RunningHub]) -> None:
    _, hub = oidc
    context = chromium.new_context()  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(f"{hub.url}/workbench")
        page.click("#oidc-signin")
        page.wait_for_selector("#purpose-dialog[open]")
        assert page.url == f"{hub.url}/workbench"
        page.fill("#justification", "checking the sign-in")
        page.click("#purpose-ok")
        page.wait_for_function("() => document.getElementById('who').textContent.includes('yos')")
    finally:
        context.close()


@pytest.mark.parametrize("env, says", [
    ({"HUB_OIDC": "{not json"}, "HUB_OIDC must be a JSON object"),
    ({"HUB_OIDC": '{"issuer": "https://idp.example"}'}, '"issuer" and "client_id"'),
    ({"HUB_OIDC": '{"issuer": "https://idp.example", "client_id": "hub"}'}, "must also be in HUB_ISSUERS"),
    ({"HUB_OIDC": '{"issuer": "http://idp.example", "client_id": "hub"}',
      "HUB_ISSUERS": '[{"issuer": "http://idp.example", "jwks_uri": "https://idp.example/k"}]'},
     "must be an https URL"),
])
def test_oidc_settings_say_what_is_wrong(env: dict[str, str], says: str) -> None:
    from hub.config import ConfigError, Settings

    with pytest.raises(ConfigError, match=re.escape(says)):
        Settings.from_env(env)


def test_in_production_the_page_is_served_but_the_dev_sign_in_is_not(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    hub = start_hub(tmp_path_factory.mktemp("prod") / "data",
                    extra_env={"HUB_ENV": "production", "HUB_DEV_ISSUER": "0"}, seed=None)
    try:
        page = httpx.get(f"{hub.url}/workbench/signin")
        assert page.status_code == 200 and 'id="dev-signin"' not in page.text
        assert "No sign-in is configured: set HUB_OIDC" in page.text
        forced = httpx.post(f"{hub.url}/workbench/signin/dev", content="sub=x&agency=police&role=analyst",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert forced.status_code == 404 and "hub_session" not in cookies_of(forced)
        for asset in ("/workbench/assets/workbench.js", "/workbench/cytoscape/cytoscape.min.js"):
            assert httpx.get(f"{hub.url}{asset}").status_code == 200, asset
    finally:
        stop_hub(hub)
