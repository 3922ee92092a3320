"""Outlook calendar and the Entra ID directory through Microsoft Graph, with app-only tokens from msal
(client credentials).

msal caches the token and hands the same one back until it nears expiry; on a 401 the cached token is
dropped and a fresh one requested once. 429 and 503 honour Retry-After and are retried with backoff.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import quote, urlencode

import msal
import requests

from bot.core.settings import Settings
from bot.outbound.org_chart import DirectoryUser
from storage.models import Workshop

log = logging.getLogger("dialogue_bot")
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
RETRY_STATUSES = {429, 500, 502, 503, 504}


class GraphError(Exception):
    """Graph did not do what was asked, after retries; the caller marks the work for a later retry."""


class TrustingSession(requests.Session):
    """A session whose CA bundle holds even where REQUESTS_CA_BUNDLE is set: requests lets that environment
    variable override `session.verify`, but not a `verify` given with the request itself."""

    def __init__(self, ca_bundle: str | None):
        super().__init__()
        self.ca_bundle = ca_bundle

    def request(self, method: str | bytes, url: str | bytes, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if self.ca_bundle:
            kwargs.setdefault("verify", self.ca_bundle)
        return super().request(method, url, **kwargs)


class Outlook:
    def __init__(self, settings: Settings, session: requests.Session | None = None, attempts: int = 5):
        self.session = session or TrustingSession(str(settings.ms_ca_bundle) if settings.ms_ca_bundle else None)
        self.graph = settings.ms_graph_url.rstrip("/")
        self.organizer = quote(settings.ms_organizer or "")
        self.attempts = attempts
        self.app = msal.ConfidentialClientApplication(
            settings.ms_client_id,
            client_credential=settings.ms_client_secret,
            authority=f"{settings.ms_authority_host.rstrip('/')}/{settings.ms_tenant_id}",
            http_client=self.session,
            instance_discovery=False,
        )

    def token(self) -> str:
        result = self.app.acquire_token_for_client(scopes=[GRAPH_SCOPE])
        if "access_token" not in result:
            raise GraphError(f"no token: {result.get('error')}: {result.get('error_description')}")
        token: str = result["access_token"]
        return token

    def call(
        self, method: str, path: str, body: dict[str, object] | None = None, headers: dict[str, str] | None = None
    ) -> dict[str, Any] | None:
        """One Graph request with retries; None for 404 (not found is an answer, not a failure)."""
        fresh_token = False
        for attempt in range(self.attempts):
            try:
                r = self.session.request(
                    method,
                    self.graph + path,
                    json=body,
                    timeout=15,
                    headers={**(headers or {}), "Authorization": f"Bearer {self.token()}"},
                )
            except requests.RequestException as e:
                log.warning("Graph %s %s: %r", method, path, e)
                time.sleep(min(8, 0.5 * 2**attempt))
                continue
            if r.status_code == 401 and not fresh_token:
                self.app.remove_tokens_for_client()  # expired or revoked: ask msal for a new one, once
                fresh_token = True
                continue
            if r.status_code in RETRY_STATUSES:
                wait = float(r.headers.get("Retry-After") or min(8, 0.5 * 2**attempt))
                log.warning("Graph %s %s answered %s; retrying in %.1f s", method, path, r.status_code, wait)
                time.sleep(min(wait, 30))
                continue
            if r.status_code == 404:
                return None
            if r.status_code >= 400:
                raise GraphError(f"Graph {method} {path}: {r.status_code} {r.text[:200]}")
            return r.json() if r.content else {}
        raise GraphError(f"Graph {method} {path}: gave up after {self.attempts} attempts")

    def directory_users(self) -> list[DirectoryUser]:
        """Everyone in Entra ID with their department and manager (`User.Read.All`), page by page as Graph hands
        them out (`@odata.nextLink`); 429s wait for Retry-After in `call`."""
        query = urlencode(
            {
                "$select": "id,mail,userPrincipalName,department,accountEnabled",
                "$expand": "manager($select=id)",
                "$top": "999",
            },
            quote_via=quote,
        )
        path: str | None = f"/users?{query}"
        users: list[DirectoryUser] = []
        while path is not None:
            page = self.call("GET", path) or {}
            for u in page.get("value") or []:
                if u.get("accountEnabled") is False:
                    continue
                manager = u.get("manager") or {}
                users.append(
                    DirectoryUser(
                        id=str(u.get("id")),
                        email=str(u.get("mail") or u.get("userPrincipalName") or ""),
                        department=(u.get("department") or "").strip() or None,
                        manager_id=manager.get("id") if isinstance(manager, dict) else None,
                    )
                )
            link = page.get("@odata.nextLink")
            path = link[len(self.graph) :] if isinstance(link, str) and link.startswith(self.graph) else None
        return users

    def find_user(self, email: str) -> str | None:
        """The Graph user's address for a Slack e-mail, or None when the directory has no such user.

        `GET /users/{id}` matches only the object id or user principal name, so anyone whose Slack e-mail is
        their mail address or an alias (proxyAddresses) but not their UPN would be missed: ask with $filter
        (an advanced query: ConsistencyLevel eventual and $count)."""
        e = email.replace("'", "''")  # OData string literal
        query = urlencode(
            {
                "$filter": f"mail eq '{e}' or userPrincipalName eq '{e}' or proxyAddresses/any(p:p eq 'smtp:{e}')",
                "$select": "mail,userPrincipalName",
                "$count": "true",
            },
            quote_via=quote,
        )
        found = self.call("GET", f"/users?{query}", headers={"ConsistencyLevel": "eventual"})
        users = (found or {}).get("value") or []
        return (users[0].get("mail") or users[0].get("userPrincipalName")) if users else None

    @staticmethod
    def _details(w: Workshop) -> dict[str, Any]:
        return {
            "subject": w.title,
            "body": {"contentType": "text", "content": w.description or ""},
            "start": {"dateTime": w.starts_at.strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": "UTC"},
            "end": {"dateTime": w.ends_at.strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": "UTC"},
            "location": {"displayName": w.place},
        }

    def create_event(self, w: Workshop) -> str:
        body = {
            **self._details(w),
            "attendees": [],
            "transactionId": f"dialogue-bot-workshop-{w.id}",  # Graph's own guard against a duplicate event
        }
        event = self.call("POST", f"/users/{self.organizer}/events", body)
        if not event or "id" not in event:
            raise GraphError("Graph created no event")
        return str(event["id"])

    def update_event(self, event_id: str, w: Workshop, emails: list[str]) -> None:
        """The event as the workshop is now (an edit may have moved it) with exactly these attendees."""
        attendees = [{"emailAddress": {"address": e}, "type": "required"} for e in sorted(set(emails))]
        body = {**self._details(w), "attendees": attendees}
        self.call("PATCH", f"/users/{self.organizer}/events/{quote(event_id)}", body)

    def cancel_event(self, event_id: str) -> None:
        self.call(
            "POST",
            f"/users/{self.organizer}/events/{quote(event_id)}/cancel",
            {"comment": "The workshop is cancelled."},
        )
