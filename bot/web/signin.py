"""Sign-in to the dashboard with Microsoft Entra ID: OpenID Connect's authorization-code flow with PKCE, through
msal (`initiate_auth_code_flow` / `acquire_token_by_auth_code_flow`), with the app registration Outlook uses.

msal makes the state, the nonce and the PKCE verifier and checks them on the way back; the person is then
matched to Slack by e-mail (the people directory), and is HR (HR_ADMINS, or the Entra group HR_GROUP_ID), a
lead (of units or of rounds), or neither.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import msal

from bot.graph import TrustingSession
from bot.settings import Settings
from storage import people, roles, units
from storage import rounds as round_store
from storage.db import Database

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


def person_of(db: Database, claims: dict[str, Any], hr_group: str | None) -> Person:
    email = str(claims.get("email") or claims.get("preferred_username") or "").strip().lower()
    user_id = people.user_of_email(db, email) if email else None
    in_group = bool(hr_group) and hr_group in (claims.get("groups") or [])
    hr = in_group or (user_id is not None and roles.is_hr(db, user_id))
    lead = user_id is not None and (
        bool(units.units_led_by(db, user_id)) or bool(round_store.rounds_led_by(db, user_id))
    )
    return Person(email=email, name=str(claims.get("name") or email), user_id=user_id, hr=hr, lead=lead)
