"""A local HTTPS fake of Microsoft identity (OIDC discovery + client-credentials token) and Graph calendar.

Certificates come from trustme, so msal and requests talk real TLS to it and trust only the test CA.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import ssl
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlparse

import trustme

TENANT = "tenant-1"


@dataclass
class Failure:
    method: str
    prefix: str
    status: int
    times: int
    retry_after: str | None = None


class FakeGraph:
    def __init__(self, ca_path: Path):
        self.ca = trustme.CA()
        self.ca.cert_pem.write_to_path(str(ca_path))
        self.ca_path = ca_path
        self.lock = threading.Lock()
        self.users: dict[str, str] = {}  # e-mail → Graph address (a user whose mail and UPN are these)
        # More users, as Graph has them: mail, userPrincipalName, proxyAddresses ("SMTP:primary", "smtp:alias").
        self.directory: list[dict[str, object]] = []
        self.events: dict[str, dict[str, Any]] = {}
        # The organisation as Entra ID has it: {"id", "mail", "department", "manager"} (the manager's id or None).
        self.org: list[dict[str, object]] = []
        self.page_size = 2
        # Sign-in (the authorization-code flow with PKCE): who the next browser at /authorize signs in as.
        # "email" is the token's (changeable) e-mail claim; the account is "oid" (default: one per e-mail) in
        # "tid" (default: this tenant), and the directory's address for it is "mail" (default: the e-mail).
        self.signin_as: dict[str, object] = {"email": "someone@example.com", "name": "Someone", "groups": []}
        # Entra accounts by object id, as Graph's /users/{id} and checkMemberGroups answer for them: "mail" and
        # "groups". Each sign-in adds (or refreshes) its account unless the test set it up itself.
        self.accounts: dict[str, dict[str, object]] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.token_requests = 0
        self.valid_tokens: set[str] = set()
        self.calls: list[tuple[str, str]] = []
        self.failures: list[Failure] = []
        self.expires_in = 3600
        self._ids = itertools.count(1)
        server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ca.issue_cert("127.0.0.1", "localhost").configure_cert(ctx)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
        server.daemon_threads = True
        self.server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.server.server_address[1]}"

    def settings(self) -> dict[str, object]:
        return {
            "ms_tenant_id": TENANT,
            "ms_client_id": "client-1",
            "ms_client_secret": "secret-1",
            "ms_organizer": "hr@example.com",
            "ms_authority_host": self.base,
            "ms_graph_url": f"{self.base}/v1.0",
            "ms_ca_bundle": self.ca_path,
        }

    def find(self, wanted: list[str], principal_name_only: bool = False) -> list[dict[str, object]]:
        """The users whose mail, user principal name or one of whose proxy addresses (case-insensitive, after
        'smtp:') is one of `wanted` — as the filter the bot sends asks."""
        people: list[dict[str, Any]] = [
            {"mail": address, "userPrincipalName": email, "proxyAddresses": [f"SMTP:{address}"]}
            for email, address in self.users.items()
        ] + self.directory
        keys = {w.replace("''", "'").lower().removeprefix("smtp:") for w in wanted}
        found = []
        for p in people:
            names = {str(p.get("userPrincipalName") or "").lower()}
            if not principal_name_only:
                names |= {str(p.get("mail") or "").lower()}
                names |= {str(a).lower().removeprefix("smtp:") for a in p.get("proxyAddresses") or []}
            if names & keys:
                found.append({"mail": p.get("mail"), "userPrincipalName": p.get("userPrincipalName")})
        return found

    def fail(self, method: str, prefix: str, status: int, times: int = 1, retry_after: str | None = None) -> None:
        with self.lock:
            self.failures.append(Failure(method, prefix, status, times, retry_after))

    def revoke_tokens(self) -> None:
        with self.lock:
            self.valid_tokens.clear()

    def attendees(self) -> list[str]:
        with self.lock:
            (event,) = self.events.values()
            return sorted(a["emailAddress"]["address"] for a in event.get("attendees", []))

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def reply(
                self, status: int, body: dict[str, Any] | None = None, headers: dict[str, Any] | None = None
            ) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def handle_any(self, method: str) -> None:
                path = urlparse(self.path).path
                raw = self.body()
                with fake.lock:
                    fake.calls.append((method, path))
                    failure = next(
                        (f for f in fake.failures if f.method == method and path.startswith(f.prefix) and f.times > 0),
                        None,
                    )
                    if failure:
                        failure.times -= 1
                if failure:
                    headers = {"Retry-After": failure.retry_after} if failure.retry_after is not None else {}
                    return self.reply(failure.status, {"error": {"code": "Throttled"}}, headers)
                if path == f"/{TENANT}/v2.0/.well-known/openid-configuration":
                    root = f"{fake.base}/{TENANT}"
                    return self.reply(
                        200,
                        {
                            "token_endpoint": f"{root}/oauth2/v2.0/token",
                            "authorization_endpoint": f"{root}/oauth2/v2.0/authorize",
                            "issuer": f"{root}/v2.0",
                            "device_authorization_endpoint": None,
                        },
                    )
                if path == f"/{TENANT}/oauth2/v2.0/authorize" and method == "GET":
                    # Entra would show its sign-in page; the fake signs `signin_as` in at once and sends the
                    # browser back with a code bound to the request's nonce, PKCE challenge and redirect URI.
                    q = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
                    if q.get("response_type") != "code" or q.get("code_challenge_method") != "S256":
                        return self.reply(400, {"error": "invalid_request"})
                    code = f"code-{next(fake._ids)}"
                    with fake.lock:
                        who = dict(fake.signin_as)
                        who.setdefault("oid", f"oid-{who['email']}")
                        who.setdefault("tid", TENANT)
                        if who["tid"] == TENANT:
                            fake.accounts.setdefault(str(who["oid"]), {})
                            fake.accounts[str(who["oid"])].update(
                                mail=who.get("mail", who["email"]),
                                groups=list(who.get("groups") or []),  # type: ignore[call-overload]
                            )
                        fake.codes[code] = {**q, "who": who}
                    back = f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q.get('state', '')})}"
                    self.send_response(302)
                    self.send_header("Location", back)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if path == f"/{TENANT}/oauth2/v2.0/token" and "grant_type=authorization_code" in raw.decode():
                    form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                    with fake.lock:
                        issued = fake.codes.pop(form.get("code", ""), None)
                    verifier = form.get("code_verifier", "")
                    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
                    if (
                        issued is None
                        or form.get("client_secret") != "secret-1"
                        or form.get("redirect_uri") != issued["redirect_uri"]
                        or challenge.decode() != issued["code_challenge"]
                    ):
                        return self.reply(400, {"error": "invalid_grant"})
                    who = issued["who"]
                    assert isinstance(who, dict)
                    now = int(time.time())
                    claims = {
                        "iss": f"{fake.base}/{TENANT}/v2.0",
                        "aud": issued["client_id"],
                        "sub": f"sub-{who['oid']}",
                        "oid": who["oid"],
                        "tid": who["tid"],
                        "iat": now,
                        "nbf": now,
                        "exp": now + 3600,
                        "nonce": issued.get("nonce"),
                        "preferred_username": who["email"],
                        "name": who["name"],
                        "groups": who.get("groups", []),
                    }

                    def part(d: dict[str, Any]) -> str:
                        return base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()

                    id_token = f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}.sig"
                    return self.reply(
                        200,
                        {
                            "access_token": "user-token",
                            "id_token": id_token,
                            "token_type": "Bearer",
                            "expires_in": 3600,
                            "scope": "User.Read openid profile",
                        },
                    )
                if path == f"/{TENANT}/oauth2/v2.0/token":
                    form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                    if form.get("grant_type") != "client_credentials" or form.get("client_secret") != "secret-1":
                        return self.reply(401, {"error": "invalid_client"})
                    with fake.lock:
                        fake.token_requests += 1
                        token = f"token-{fake.token_requests}"
                        fake.valid_tokens.add(token)
                    return self.reply(
                        200, {"access_token": token, "token_type": "Bearer", "expires_in": fake.expires_in}
                    )
                if not path.startswith("/v1.0/"):
                    return self.reply(404, {"error": "not found"})
                auth = self.headers.get("Authorization", "")
                with fake.lock:
                    ok = auth.startswith("Bearer ") and auth[7:] in fake.valid_tokens
                if not ok:
                    return self.reply(401, {"error": {"code": "InvalidAuthenticationToken"}})
                parts = [unquote(p) for p in path.split("/")[2:]]
                query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
                data = json.loads(raw) if raw else {}
                with fake.lock:
                    if method == "GET" and parts == ["users"] and "$filter" in query:
                        # An advanced query (proxyAddresses/any): Graph wants ConsistencyLevel and $count.
                        if self.headers.get("ConsistencyLevel") != "eventual" or query.get("$count") != "true":
                            return self.reply(400, {"error": {"code": "Request_UnsupportedQuery"}})
                        wanted = re.findall(r"eq '((?:[^']|'')*)'", query["$filter"])
                        return self.reply(200, {"value": fake.find(wanted)})
                    if method == "GET" and parts == ["users"]:
                        # The directory, page by page: each page's @odata.nextLink is the absolute URL of the next.
                        if query.get("$expand") != "manager($select=id)":
                            return self.reply(400, {"error": {"code": "BadRequest"}})
                        start = int(query.get("$skiptoken", "0"))
                        page = fake.org[start : start + fake.page_size]
                        value = [
                            {
                                "id": u["id"],
                                "mail": u["mail"],
                                "userPrincipalName": u["mail"],
                                "department": u.get("department"),
                                "accountEnabled": u.get("enabled", True),
                                "manager": {"id": u["manager"]} if u.get("manager") else None,
                            }
                            for u in page
                        ]
                        body: dict[str, object] = {"value": value}
                        if start + fake.page_size < len(fake.org):
                            rest = dict(query, **{"$skiptoken": str(start + fake.page_size)})
                            body["@odata.nextLink"] = f"{fake.base}/v1.0/users?{urlencode(rest)}"
                        return self.reply(200, body)
                    if method == "GET" and len(parts) == 2 and parts[0] == "users" and parts[1] in fake.accounts:
                        account = fake.accounts[parts[1]]
                        return self.reply(
                            200, {"id": parts[1], "mail": account.get("mail"), "userPrincipalName": account.get("mail")}
                        )
                    if method == "POST" and len(parts) == 3 and parts[0] == "users" and parts[2] == "checkMemberGroups":
                        if parts[1] not in fake.accounts:
                            return self.reply(404, {"error": {"code": "Request_ResourceNotFound"}})
                        have = fake.accounts[parts[1]].get("groups") or []
                        return self.reply(200, {"value": [x for x in data.get("groupIds", []) if x in have]})  # type: ignore[operator]
                    if method == "GET" and len(parts) == 2 and parts[0] == "users":
                        # GET /users/{id}: Graph matches the object id or the user principal name only.
                        hit = fake.find([parts[1]], principal_name_only=True)
                        return self.reply(200, hit[0]) if hit else self.reply(404, {})
                    if method == "POST" and parts[2:] == ["events"]:
                        eid = f"event-{next(fake._ids)}"
                        fake.events[eid] = dict(data, id=eid)
                        return self.reply(201, fake.events[eid])
                    if method == "PATCH" and len(parts) == 4 and parts[2] == "events" and parts[3] in fake.events:
                        fake.events[parts[3]].update(data)
                        return self.reply(200, fake.events[parts[3]])
                    if method == "POST" and len(parts) == 5 and parts[4] == "cancel" and parts[3] in fake.events:
                        fake.events[parts[3]]["cancelled"] = True
                        return self.reply(202)
                return self.reply(404, {"error": {"code": "ErrorItemNotFound"}})

            def do_GET(self) -> None:
                self.handle_any("GET")

            def do_POST(self) -> None:
                self.handle_any("POST")

            def do_PATCH(self) -> None:
                self.handle_any("PATCH")

        return Handler
