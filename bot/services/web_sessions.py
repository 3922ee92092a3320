"""Dashboard sign-ins as the bot keeps them: the Entra ID account (tenant and object id) bound once and for good
to the address the organisation's directory has for it, and the sessions held on the server.

The account is never taken from the ID token's `email` or `preferred_username` claims, which users or admins can
change (the "nOAuth" takeover): Graph is asked by object id, in our tenant, on the account's first sign-in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from bot.core.runtime import Runtime
from bot.outbound.graph import GraphError
from storage import people
from storage import web_sessions as session_store
from storage.models import WebSession


class Refused(ValueError):
    """A sign-in that is not let in; the reason is for the audit log, not for the browser."""


def account_of(claims: dict[str, Any], tenant: str | None) -> tuple[str, str]:
    """The Entra account (tid, oid) the ID token is about; Refused for another tenant or a token without them."""
    tid, oid = str(claims.get("tid") or ""), str(claims.get("oid") or "")
    if not tid or not oid:
        raise Refused("the ID token has no tid or oid")
    if tid != tenant:
        raise Refused(f"tenant {tid[:64]} is not MS_TENANT_ID")
    return tid, oid


def address_of(rt: Runtime, tid: str, oid: str) -> str:
    """The directory address this account is bound to; on its first sign-in, bound to what Graph has for that
    object id in our tenant (mail, else user principal name). Refused when Graph does not know the account or
    another account already holds the address."""
    bound = session_store.bound_email(rt.db, tid, oid)
    if bound is not None:
        return bound
    if rt.outlook is None:
        raise Refused("no Graph connection to look the account up")
    try:
        user = rt.outlook.call("GET", f"/users/{quote(oid, safe='')}?$select=id,mail,userPrincipalName")
    except GraphError as e:
        raise Refused(f"Graph did not answer: {e}") from e
    email = str((user or {}).get("mail") or (user or {}).get("userPrincipalName") or "").strip().lower()
    if not email:
        raise Refused(f"Graph has no address for account {oid[:64]}")
    if not session_store.bind(rt.db, tid, oid, email, rt.clock.now()):
        raise Refused(f"{email} is already bound to another Entra account")
    return email


def bound_email(rt: Runtime, tid: str, oid: str) -> str | None:
    """The address the account is bound to; None once an operator unbound it."""
    return session_store.bound_email(rt.db, tid, oid)


def user_of_email(rt: Runtime, email: str) -> str | None:
    """The Slack id of the person the directory knows by this address (their roles follow from it)."""
    return people.user_of_email(rt.db, email)


def start(rt: Runtime, tid: str, oid: str, name: str, hr_group: bool, expires: datetime) -> str:
    """A new session for the account; the token for the cookie (only its hash is stored)."""
    return session_store.start(rt.db, tid, oid, name, hr_group, rt.clock.now(), expires)


def alive(rt: Runtime, token: str) -> WebSession | None:
    """The session this token opened, while it is neither signed out nor expired."""
    return session_store.alive(rt.db, token, rt.clock.now())


def set_hr_group(rt: Runtime, token: str, member: bool) -> None:
    """What Entra said when asked again whether the account is in the HR group."""
    session_store.set_hr_group(rt.db, token, member)


def end(rt: Runtime, token: str) -> None:
    """Signed out: the token opens nothing from now on."""
    session_store.end(rt.db, token, rt.clock.now())
