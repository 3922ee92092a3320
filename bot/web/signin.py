"""Sign-in to the dashboard with Microsoft Entra ID: OpenID Connect's authorization-code flow with PKCE, through
msal (`initiate_auth_code_flow` / `acquire_token_by_auth_code_flow`), with the app registration Outlook uses.

msal makes the state, the nonce and the PKCE verifier and checks them on the way back. The account is the ID
token's tenant and object id (`tid`, checked against MS_TENANT_ID, and `oid`): never its `email` or
`preferred_username` claims, which users or admins can change (the "nOAuth" takeover). On an account's first
sign-in it is bound, once and for good, to the address the organisation's own directory (Graph, asked by object
id) has for it; that address finds the person in Slack's directory. Who they are — HR (HR_ADMINS, or the Entra
group HR_GROUP_ID), a lead (of units or of rounds), or neither — is worked out again on every request, by
bot.services.access, the policy Slack and the CLI use. The accounts and sessions are kept by
bot.services.web_sessions.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import msal

from bot.core.runtime import Runtime
from bot.core.settings import Settings
from bot.outbound.graph import GraphError, Outlook, TrustingSession
from bot.services import access, web_sessions

SCOPES = ["User.Read"]  # msal adds openid, profile and offline_access itself
CALLBACK = "/hr/auth/callback"


@dataclass(frozen=True)
class Person:
    """Who is signed in, as the dashboard needs it."""

    email: str
    name: str
    user_id: str | None  # their Slack id, when the directory knows their e-mail
    hr: bool
    lead: bool

    @property
    def actor(self) -> str:
        """Who they are in the audit log (32 characters): the Slack id, or the e-mail of someone without one."""
        return self.user_id or self.email[:32]

    @property
    def reader(self) -> str:
        """Who the disclosure gate shows numbers to: the Slack id, or the e-mail of someone without one."""
        return self.user_id or self.email[:64]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class SignIn:
    def __init__(self, settings: Settings):
        assert settings.public_url and settings.ms_client_id
        self.settings = settings
        self.redirect_uri = settings.public_url.rstrip("/") + CALLBACK
        session = TrustingSession(str(settings.ms_ca_bundle) if settings.ms_ca_bundle else None)
        self.app = msal.ConfidentialClientApplication(
            settings.ms_client_id,
            client_credential=settings.ms_client_secret,
            authority=f"{settings.ms_authority_host.rstrip('/')}/{settings.ms_tenant_id}",
            http_client=session,
            instance_discovery=False,
        )

    def begin(self) -> dict[str, Any]:
        """The flow to keep in the session; its `auth_uri` is where the browser goes."""
        return self.app.initiate_auth_code_flow(SCOPES, redirect_uri=self.redirect_uri)

    def finish(self, flow: dict[str, Any], answer: dict[str, str]) -> dict[str, Any]:
        """The ID token's claims; ValueError when Entra said no or the answer does not belong to this flow."""
        try:
            result = self.app.acquire_token_by_auth_code_flow(flow, answer)
        except (ValueError, RuntimeError) as e:  # a state or nonce that does not match: someone else's answer
            raise ValueError(str(e)) from e
        if "error" in result or "id_token_claims" not in result:
            raise ValueError(f"{result.get('error')}: {result.get('error_description')}")
        return dict(result["id_token_claims"])


def in_group(outlook: Outlook | None, oid: str, group: str | None) -> bool:
    """Whether Entra says this account is in `group` now (checkMemberGroups); False when it cannot say."""
    if not group or outlook is None:
        return False
    try:
        found = outlook.call("POST", f"/users/{quote(oid, safe='')}/checkMemberGroups", {"groupIds": [group]})
    except GraphError:
        return False
    return group in ((found or {}).get("value") or [])


def person_now(rt: Runtime, email: str, name: str, hr_group: bool) -> Person:
    """Who the signed-in person is at this moment: their roles read from the database, not from the cookie."""
    user_id = web_sessions.user_of_email(rt, email) if email else None
    hr = hr_group or (user_id is not None and access.hr(rt, user_id, None))
    lead = user_id is not None and access.leads(rt, user_id)
    return Person(email=email, name=name or email, user_id=user_id, hr=hr, lead=lead)


GROUP_RECHECK = timedelta(minutes=5)  # how stale HR-through-the-Entra-group may be while a session lives


class Sessions:
    """Dashboard sessions held on the server: the cookie carries a random token and nothing else that matters.
    Each request finds its session (alive: not signed out, not expired) and works out the person again."""

    def __init__(self, rt: Runtime):
        self.rt = rt
        self._group_checked: dict[str, datetime] = {}  # token → when Entra was last asked about the HR group
        self._lock = threading.Lock()

    def open(self, claims: dict[str, Any], lifetime: timedelta) -> tuple[str, Person]:
        """A session for the account the ID token names; Refused when it is not let in."""
        settings = self.rt.settings
        tid, oid = web_sessions.account_of(claims, settings.ms_tenant_id)
        now = self.rt.clock.now()
        email = web_sessions.address_of(self.rt, tid, oid)
        group = settings.hr_group_id
        hr_group = bool(group) and group in (claims.get("groups") or [])
        name = str(claims.get("name") or email)
        token = web_sessions.start(self.rt, tid, oid, name, hr_group, now + lifetime)
        with self._lock:
            self._group_checked[token] = now
        return token, person_now(self.rt, email, name, hr_group)

    def person(self, token: str) -> Person | None:
        """Who this token's session is now; None when it has ended, expired or its account was unbound."""
        now = self.rt.clock.now()
        found = web_sessions.alive(self.rt, token)
        if found is None:
            return None
        email = web_sessions.bound_email(self.rt, found.tid, found.oid)
        if email is None:
            return None
        hr_group = found.hr_group
        if hr_group:
            with self._lock:
                checked = self._group_checked.get(token)
            if checked is None or now - checked >= GROUP_RECHECK:
                hr_group = in_group(self.rt.outlook, found.oid, self.rt.settings.hr_group_id)
                web_sessions.set_hr_group(self.rt, token, hr_group)
                with self._lock:
                    self._group_checked[token] = now
        return person_now(self.rt, email, found.name, hr_group)

    def end(self, token: str) -> None:
        web_sessions.end(self.rt, token)
        with self._lock:
            self._group_checked.pop(token, None)
