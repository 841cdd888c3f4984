"""Signing in and out of the workbench: the dev issuer's form in development, the agency's
identity provider (OIDC code + PKCE) everywhere; both end in the same session cookie."""

from __future__ import annotations

import base64
import html
import json
import logging
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from hub.auth.principal import AGENCIES, ROLES
from hub.auth.tokens import AuthError
from hub.web.oidc import SignInError
from hub.web.sessions import COOKIE, LOGIN_COOKIE, SIGN_IN_TTL_S, clear_cookie, set_cookie
from hub.web.workbench import Refusal, Workbench, check_origin, same_token

log = logging.getLogger("hub.workbench")
MAX_FORM_BYTES = 8192
HEADERS = {"Cache-Control": "no-store", "Content-Security-Policy": (
    "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"), "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


async def form_of(request: Request) -> dict[str, str]:
    """An urlencoded form body, first value of each field, bounded in size."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise Refusal(413, f"the form is over {MAX_FORM_BYTES} bytes", "BAD_REQUEST")
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=50)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Refusal(400, "the form could not be read", "BAD_REQUEST") from exc
    return {key: values[0] for key, values in fields.items()}


def _options(values: Any, chosen: str) -> str:
    return "".join(f'<option{" selected" if v == chosen else ""}>{html.escape(v)}</option>'
                   for v in sorted(values))


def _page(workbench: Workbench, csrf: str | None, error: str | None) -> str:
    parts = ['<!doctype html><html lang="en"><head><meta charset="utf-8">',
             "<title>Sign in: partnership data hub workbench</title>",
             '<link rel="stylesheet" href="/workbench/assets/workbench.css"></head>',
             '<body class="signin"><main><h1>Partnership data hub</h1>',
             "<p>The analyst's workbench. Everything you open is recorded in the audit log "
             "with the purpose and reason you give.</p>"]
    if error:
        parts.append(f'<p class="error" role="alert">{html.escape(error)}</p>')
    if workbench.oidc is not None:
        parts.append('<p><a class="button" id="oidc-signin" href="/workbench/signin/oidc">'
                     f"Sign in with {html.escape(workbench.oidc.label)}</a></p>")
    if workbench.dev_sign_in and csrf:
        parts.append(
            '<form method="post" action="/workbench/signin/dev" id="dev-signin">'
            "<h2>Development sign-in (dev issuer)</h2>"
            f'<input type="hidden" name="csrf" value="{html.escape(csrf)}">'
            '<label>Who <input name="sub" required maxlength="100" value="ffion.analyst">'
            "</label>"
            f'<label>Agency <select name="agency">{_options(AGENCIES, "police")}</select></label>'
            f'<label>Role <select name="role">{_options(ROLES, "analyst")}</select></label>'
            '<button type="submit">Sign in</button></form>')
    if workbench.oidc is None and not workbench.dev_sign_in:
        parts.append("<p>No sign-in is configured: set HUB_OIDC (and HUB_ISSUERS) for the "
                     "agency's identity provider, or HUB_DEV_ISSUER=1 in development.</p>")
    parts.append("</main></body></html>")
    return "".join(parts)


def _signin_page(workbench: Workbench, error: str | None = None, status: int = 200) -> Response:
    csrf = None
    key = None
    if workbench.dev_sign_in:
        key, pending = workbench.sessions.begin()
        csrf = pending.csrf
    response = HTMLResponse(_page(workbench, csrf, error), status_code=status, headers=HEADERS)
    if key:
        set_cookie(response, LOGIN_COOKIE, key, SIGN_IN_TTL_S, path="/workbench")
    return response


async def _open_session(workbench: Workbench, token: str) -> Response:
    """Check the token exactly as the API will, then give the browser a session for it."""
    try:
        principal = await workbench.hub.sharing.verifier.verify(token)
    except AuthError as exc:
        return _signin_page(workbench, f"sign-in refused: {exc.reason}", status=401)
    segment = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    session_id, _ = workbench.sessions.open(
        token, principal.subject, principal.agency, tuple(sorted(principal.roles)),
        principal.name, float(claims["exp"]) if "exp" in claims else None)
    log.info("workbench sign-in: %s (%s)", principal.subject, principal.agency)
    response = RedirectResponse("/workbench", status_code=303, headers={"Cache-Control": "no-store"})
    set_cookie(response, COOKIE, session_id, workbench.settings.session_ttl_s)
    clear_cookie(response, LOGIN_COOKIE, path="/workbench")
    return response


def signin_routes(workbench: Workbench) -> dict[str, Any]:
    async def signin(request: Request) -> Response:
        return _signin_page(workbench)

    async def dev_signin(request: Request) -> Response:
        if not workbench.dev_sign_in:
            return _signin_page(workbench, "the development sign-in is off", status=404)
        try:
            check_origin(request.headers)
            form = await form_of(request)
        except Refusal as refusal:
            return _signin_page(workbench, refusal.message, status=refusal.status)
        pending = workbench.sessions.finish(request.cookies.get(LOGIN_COOKIE))
        if pending is None or not same_token(pending.csrf, form.get("csrf")):
            return _signin_page(workbench, "the sign-in form had expired: try again", status=403)
        from hub.auth.devissuer import DevIssuer, DevIssuerError

        try:
            token = DevIssuer(workbench.settings).issue(
                form.get("sub", ""), form.get("agency", ""), form.get("role", ""),
                ttl_minutes=max(1, min(workbench.settings.session_ttl_s // 60, 7 * 24 * 60)))
        except DevIssuerError as exc:
            return _signin_page(workbench, str(exc), status=400)
        return await _open_session(workbench, token)

    async def oidc_start(request: Request) -> Response:
        if workbench.oidc is None:
            return _signin_page(workbench, "no identity provider is configured (HUB_OIDC)",
                                status=404)
        redirect_uri = str(request.url_for("workbench_callback"))
        try:
            url, state, nonce, verifier = await workbench.oidc.start(redirect_uri)
        except SignInError as exc:
            return _signin_page(workbench, str(exc), status=502)
        key, _ = workbench.sessions.begin(state=state, nonce=nonce, code_verifier=verifier)
        response = RedirectResponse(url, status_code=303, headers={"Cache-Control": "no-store"})
        # Lax, not Strict: the provider's redirect back is a cross-site top-level navigation.
        response.set_cookie(LOGIN_COOKIE, key, max_age=SIGN_IN_TTL_S, path="/workbench",
                            httponly=True, secure=True, samesite="lax")
        return response

    async def callback(request: Request) -> Response:
        if workbench.oidc is None:
            return _signin_page(workbench, "no identity provider is configured", status=404)
        pending = workbench.sessions.finish(request.cookies.get(LOGIN_COOKIE))
        params = request.query_params
        if params.get("error"):
            return _signin_page(workbench, "the identity provider said: "
                                + (params.get("error_description") or params["error"]), 401)
        if (pending is None or pending.state is None
                or not same_token(pending.state, params.get("state"))):
            return _signin_page(workbench, "the sign-in had expired or did not start here: "
                                "try again", status=403)
        code = params.get("code")
        if not code or pending.code_verifier is None or pending.nonce is None:
            return _signin_page(workbench, "the identity provider sent no code", status=400)
        try:
            result = await workbench.oidc.finish(str(request.url_for("workbench_callback")),
                                                 code, pending.code_verifier, pending.nonce)
        except SignInError as exc:
            return _signin_page(workbench, str(exc), status=401)
        return await _open_session(workbench, result.access_token)

    async def signout(request: Request) -> Response:
        session_id = request.cookies.get(COOKIE)
        session = workbench.sessions.get(session_id)
        if session is not None:
            try:
                check_origin(request.headers)
                form = await form_of(request)
            except Refusal as refusal:
                return JSONResponse({"error": refusal.message}, status_code=refusal.status)
            if not same_token(session.csrf, form.get("csrf") or request.headers.get("x-csrf-token")):
                return JSONResponse({"error": "missing CSRF token"}, status_code=403)
            workbench.sessions.close(session_id)
        response = RedirectResponse("/workbench/signin", status_code=303)
        clear_cookie(response, COOKIE)
        return response

    return {"signin": signin, "dev_signin": dev_signin, "oidc_start": oidc_start,
            "callback": callback, "signout": signout}
