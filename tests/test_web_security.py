"""The dashboard's doors, in a real browser against the HTTPS fake of Entra ID: sessions held on the server
(signing out ends them; a replayed cookie opens nothing), roles read again on every request and every cached
page, accounts identified by tenant and object id rather than by changeable e-mail claims, and the security
headers and `no-store` on every page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import Browser, Page
from sqlalchemy import text

from bot.core.clock import FakeClock
from bot.entrypoints.server import Server
from doubles.fake_graph import FakeGraph
from storage import audit, roles


def signed_in(browser: Browser, server: Server, graph: FakeGraph, email: str, **who: object) -> Page:
    graph.signin_as = {"email": email, "name": str(who.pop("name", email)), "groups": [], **who}
    page = browser.new_context(ignore_https_errors=True, locale="en-GB").new_page()
    page.goto(f"{server.url}/hr/")
    return page


def status(page: Page, server: Server, path: str) -> int:
    return page.context.request.get(server.url + path, max_redirects=0).status


def test_every_page_has_the_security_headers_and_pages_about_people_are_not_stored(
    browser: Browser, site: tuple[Server, FakeGraph]
) -> None:
    server, graph = site
    page = signed_in(browser, server, graph, "hr@demo.example")
    physics = signed_in(browser, server, graph, "lead.physics@demo.example")
    physics.click("text=Well-being Dialogue >> nth=-1")
    round_path = physics.url.removeprefix(server.url)
    for path in (
        "/hr/",
        "/hr/campaigns/2",
        "/hr/campaigns/2/results",
        round_path,
        round_path + "/chart.png",
        "/hr/exports",
        "/hr/exports/answers.csv",
        "/hr/audit",
        "/hr/campaigns/999",  # a 404
    ):
        r = page.context.request.get(server.url + path, max_redirects=0)
        h = r.headers
        csp = h.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp, path
        assert h.get("x-content-type-options") == "nosniff", path
        assert h.get("referrer-policy") == "no-referrer", path
        assert h.get("cache-control") == "no-store", path
    anonymous = browser.new_context(ignore_https_errors=True).request.get(server.url + "/hr/audit", max_redirects=0)
    assert anonymous.status == 302 and "frame-ancestors 'none'" in anonymous.headers["content-security-policy"]
    css = page.context.request.get(server.url + "/hr/static/dashboard.css")
    assert css.status == 200 and css.headers.get("cache-control") != "no-store"  # only the stylesheet is kept
    # The policy lets the page be what it was: the stylesheet applies and the heatmap keeps its colours.
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{server.url}/hr/campaigns/2/results")
    cell = page.locator("tbody td.cell[style]").first  # a heatmap cell coloured by its style attribute
    assert cell.evaluate("e => getComputedStyle(e).backgroundColor") not in ("", "rgba(0, 0, 0, 0)")
    assert page.evaluate("document.styleSheets.length") >= 1 and blocked == []


def test_signing_out_ends_the_session_on_the_server_and_the_old_cookie_opens_nothing(
    browser: Browser, site: tuple[Server, FakeGraph]
) -> None:
    server, graph = site
    page = signed_in(browser, server, graph, "hr@demo.example")
    assert status(page, server, "/hr/audit") == 200
    cookie = next(c for c in page.context.cookies() if c["name"] == "dialogue_hr")
    page.goto(f"{server.url}/hr/audit")
    page.click("text=Sign out")
    assert status(page, server, "/hr/audit") == 302  # to sign in again
    replay = browser.new_context(ignore_https_errors=True)
    replay.add_cookies([cookie])  # type: ignore[list-item]  # (a Cookie has SetCookieParam's keys) someone kept a copy of the cookie from before signing out
    r = replay.request.get(f"{server.url}/hr/audit", max_redirects=0)
    assert r.status == 302 and "/hr/signin" in r.headers["location"]
    assert replay.request.get(f"{server.url}/hr/exports/answers.csv", max_redirects=0).status == 302


def test_a_session_expires_on_the_server_after_eight_hours(
    browser: Browser, site: tuple[Server, FakeGraph], clock: FakeClock
) -> None:
    server, graph = site
    page = signed_in(browser, server, graph, "hr@demo.example")
    assert status(page, server, "/hr/audit") == 200
    clock.advance(timedelta(hours=8, minutes=1))
    assert status(page, server, "/hr/audit") == 302


def test_hr_whose_role_is_removed_can_no_longer_download_exports(
    browser: Browser, site: tuple[Server, FakeGraph], clock: FakeClock
) -> None:
    server, graph = site
    page = signed_in(browser, server, graph, "hr@demo.example")
    assert status(page, server, "/hr/exports/answers.csv") == 200
    roles.seed(server.rt.db, set(), datetime.now(UTC))  # HR_ADMINS no longer names them
    assert status(page, server, "/hr/exports/answers.csv") == 403
    assert status(page, server, "/hr/audit") == 403
    # HR through the Entra group: taken out of the group, Entra is asked again within five minutes.
    grouped = signed_in(browser, server, graph, "lead.physics@demo.example", groups=["group-hr"])
    assert status(grouped, server, "/hr/exports/answers.csv") == 200
    graph.accounts["oid-lead.physics@demo.example"]["groups"] = []
    clock.advance(timedelta(minutes=6))
    assert status(grouped, server, "/hr/exports/answers.csv") == 403
    assert any(e.action == "web:download" and not e.allowed for e in audit.entries(server.rt.db))


def test_an_ex_lead_no_longer_sees_their_old_division_not_even_from_the_cached_page(
    browser: Browser, site: tuple[Server, FakeGraph]
) -> None:
    server, graph = site
    dean = signed_in(browser, server, graph, "lead.faculty-of-science@demo.example")
    dean.goto(f"{server.url}/hr/campaigns/2/results")
    assert "Faculty of Science" in dean.inner_text("table.heatmap")
    with server.rt.db.engine.begin() as c:  # the organisation changes: someone else leads the faculty now
        c.execute(text("UPDATE unit_member SET role = 'member' WHERE email = 'lead.faculty-of-science@demo.example'"))
    again = dean.context.request.get(f"{server.url}/hr/campaigns/2/results")
    assert "Faculty of Science" not in again.text()


def test_sign_in_goes_by_the_accounts_tenant_and_object_id_not_by_its_email_claim(
    browser: Browser, site: tuple[Server, FakeGraph]
) -> None:
    server, graph = site
    # The e-mail claim says HR, but the account is a member's: they are that member (a 403), never HR.
    spoof = signed_in(browser, server, graph, "hr@demo.example", oid="oid-member", mail="m0.physics@demo.example")
    assert "Not for you" in spoof.inner_text("h1")
    assert status(spoof, server, "/hr/audit") == 403
    # Another tenant's account is not let in at all, whatever it claims.
    foreign = signed_in(browser, server, graph, "hr@demo.example", tid="tenant-evil", oid="oid-x")
    assert "refused" in foreign.inner_text("main").lower()
    assert status(foreign, server, "/hr/") == 302
    # HR's own account is bound to HR's address at its first sign-in ...
    hr = signed_in(browser, server, graph, "hr@demo.example")
    assert status(hr, server, "/hr/audit") == 200
    # ... so another account that the directory later gives the same address cannot take HR over ...
    usurper = signed_in(browser, server, graph, "someone@demo.example", oid="oid-new", mail="hr@demo.example")
    assert status(usurper, server, "/hr/audit") == 302
    # ... and HR's account stays HR's even when its e-mail claim changes.
    renamed = signed_in(browser, server, graph, "renamed@demo.example", oid="oid-hr@demo.example")
    assert status(renamed, server, "/hr/audit") == 200
    refused = [e.detail for e in audit.entries(server.rt.db) if e.action == "web:signin" and not e.allowed]
    assert any("tenant-evil" in (d or "") for d in refused) and any("already bound" in (d or "") for d in refused)
