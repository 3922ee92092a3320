"""HR's dashboard in a real browser (Debian's chromium, driven by Playwright): signing in with Entra ID against
the local HTTPS fake (authorization code with PKCE, through msal), HR's heatmap with withheld cells, a lead's
roll-ups only, a member's 403, a POST without the CSRF token refused, an export downloaded and read back, and
the demo's pages. Screenshots of the main pages go to `docs/screenshots/` with SAVE_SCREENSHOTS=1."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ElementHandle

from bot.core.runtime import Runtime
from bot.entrypoints.demo import seed
from bot.entrypoints.demo_server import DemoServer
from bot.entrypoints.server import Server
from doubles.browser import DEMO_STEPS, shot, sign_in
from doubles.driver import Bot
from doubles.fake_graph import FakeGraph
from doubles.fake_slack import FakeSlack
from storage import audit


def header(row: ElementHandle) -> str:
    """The text of a table row's <th>, which every row of these tables has."""
    th = row.query_selector("th")
    assert th is not None
    return th.inner_text()


def test_hr_signs_in_sees_the_heatmap_with_withheld_cells_and_downloads_an_export(
    browser: Browser, site: tuple[Server, FakeGraph], tmp_path: Path
) -> None:
    server, graph = site
    page = sign_in(browser, server, graph, "hr@demo.example", "Demo HR")
    assert page.url == f"{server.url}/hr/"
    assert "Demo HR · HR" in page.inner_text("header")
    cookie = next(c for c in page.context.cookies() if c["name"] == "dialogue_hr")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/hr"
    shot(page, "home", tmp_path)

    page.click("a[href='/hr/campaigns/2/results']")
    rows = {header(r): r.inner_text() for r in page.query_selector_all("table.heatmap tbody tr")}
    assert "withheld" in rows["Chemistry"]  # 4 people
    # Physics's and Biology's leads have their own summaries: the faculty and the whole count without Chemistry.
    assert "withheld" not in rows["Physics"] and "†" not in rows["Physics"]
    assert "n=15 · †" in rows["Faculty of Science"]
    assert "n=30 · †" in rows["University"] and "All units" not in rows  # the whole is the single top unit
    shot(page, "results", tmp_path)

    page.goto(f"{server.url}/hr/campaigns/2")
    assert "Physics" in page.inner_text("table") and "U" not in page.inner_text("tbody").replace("Un", "")
    shot(page, "progress", tmp_path)

    # A POST without the CSRF token is refused and changes nothing.
    before = len(list(audit.entries(server.rt.db)))
    refused = page.context.request.post(f"{server.url}/hr/campaigns/2/nudge", form={"unit": "all"})
    assert refused.status == 400 and "refused" in refused.text()
    csrf = page.input_value("input[name=csrf] >> nth=0")
    garbled = page.context.request.post(f"{server.url}/hr/campaigns/2/nudge", form={"unit": "x'1", "csrf": csrf})
    assert garbled.status == 400  # a unit that is not a number: refused, not a 500
    assert len(list(audit.entries(server.rt.db))) == before

    page.goto(f"{server.url}/hr/exports")
    with page.expect_download() as download:
        page.click("a[href='/hr/exports/experiences.csv']")
    exported = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert exported[0][:2] == ["shared_on", "dialogue"] and any(r[6] == "visit" for r in exported[1:])
    assert any(e.action == "export.experiences" and e.actor == "UDEMOHR" for e in audit.entries(server.rt.db))

    page.goto(f"{server.url}/hr/experiences?dialogue=leadership")
    assert "Concrete examples" in page.inner_text("main") and "Reflecting alone" not in page.inner_text("main")
    page.goto(f"{server.url}/hr/audit?lang=da")
    assert "Revisionslog" in page.inner_text("h1") and "loggede ind på overblikket" in page.inner_text("table")
    shot(page, "audit", tmp_path)
    page.click("text=Log ud")
    assert "logget ud" in page.inner_text("main")


def test_a_lead_sees_only_the_roll_ups_of_their_units_and_a_member_gets_403(
    browser: Browser, site: tuple[Server, FakeGraph], tmp_path: Path
) -> None:
    server, graph = site
    lead = sign_in(browser, server, graph, "lead.faculty-of-science@demo.example", "Dean of Science")
    lead.goto(f"{server.url}/hr/campaigns/2/results")
    shown = [header(r) for r in lead.query_selector_all("table.heatmap tbody tr")]
    assert shown == ["Faculty of Science"]  # not its departments, not the other faculty, not the whole
    response = lead.goto(f"{server.url}/hr/campaigns/2")
    assert response is not None and response.status == 403  # progress is HR's
    response = lead.goto(f"{server.url}/hr/exports/answers.csv")
    assert response is not None and response.status == 403
    response = sign_in(browser, server, graph, "lead.physics@demo.example", "A lead").goto(
        f"{server.url}/hr/campaigns/2"
    )
    assert response is not None and response.status == 403
    physics = sign_in(browser, server, graph, "lead.physics@demo.example", "Physics lead")
    physics.click("text=Well-being Dialogue >> nth=-1")  # one of their own rounds, as they saw it
    assert "8 of 8 answered" in physics.inner_text("main") and "Workload" in physics.inner_text("table")
    chart = physics.context.request.get(server.url + (physics.locator("img.chart").get_attribute("src") or ""))
    assert chart.status == 200 and chart.body().startswith(b"\x89PNG")
    round_path = physics.url.removeprefix(server.url)
    response = lead.goto(server.url + round_path)
    assert response is not None and response.status == 404  # another lead's round: not even its existence
    graph_hr = sign_in(browser, server, graph, "lead.physics@demo.example", "In HR's group", ["group-hr"])
    response = graph_hr.goto(f"{server.url}/hr/campaigns/2")
    assert response is not None and response.status == 200  # HR through the Entra group HR_GROUP_ID
    member = sign_in(browser, server, graph, "m0.physics@demo.example", "A member")
    response = member.goto(f"{server.url}/hr/")
    assert response is not None and response.status == 403
    assert "Not for you" in member.inner_text("h1")
    shot(member, "forbidden", tmp_path)
    refusals = {e.actor for e in audit.entries(server.rt.db) if not e.allowed}
    assert "m0.physics@demo.example" in refusals


def test_the_demo_starts_and_its_pages_render_and_refuses_a_database_not_its_own(
    browser: Browser, tmp_path: Path, sqlite_url: str
) -> None:
    demo = DemoServer(tmp_path, 0).start()
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    try:
        for path, expected in (
            ("/hr/", "Campaigns"),
            ("/hr/campaigns/3", "not started"),
            ("/hr/campaigns/2/results", "withheld"),
            ("/hr/experiences", "Local liaison committee"),
            ("/hr/exports", "CSV"),
            ("/hr/audit", "made the demo's organisation"),
        ):
            response = page.goto(demo.url + path)
            assert response is not None and response.status == 200, path
            assert expected in page.inner_text("main"), path
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
        shot(page, "demo-phone", tmp_path)
    finally:
        page.close()
        demo.stop()
    again = DemoServer(tmp_path, 0)  # reused, not seeded twice
    assert sum(1 for e in audit.entries(again.rt.db) if e.action == "demo:seed") == 1
    again.stop()
    from bot.entrypoints.demo import NotADemo

    foreign = tmp_path / "other"
    foreign.mkdir()
    (foreign / "dialogue-bot-demo.db").write_bytes(Path(sqlite_url.removeprefix("sqlite:///")).read_bytes())
    with pytest.raises(NotADemo):
        DemoServer(foreign, 0)


def test_a_results_page_kept_in_memory_is_made_again_when_its_campaign_changes(runtime: Runtime) -> None:
    """The dashboard keeps rendered results (they take a few hundred milliseconds on 400 units) only while the
    campaign's closed rounds and their responses stay as they were."""
    from sqlalchemy import text

    from bot.web.dashboard import create_dashboard
    from bot.web.signin import Person

    seed(runtime.db, DEMO_STEPS, datetime.now(UTC))
    hr = Person(email="hr@demo.example", name="HR", user_id="UDEMOHR", hr=True, lead=False)
    client = create_dashboard(runtime, demo=hr).test_client()
    first = client.get("/hr/campaigns/2/results").get_data(as_text=True)
    assert client.get("/hr/campaigns/2/results").get_data(as_text=True) == first
    with runtime.db.engine.begin() as c:  # as an erasure would: History's answers gone
        rid = c.execute(
            text(
                "SELECT cu.round_id FROM campaign_unit cu JOIN unit u ON u.id = cu.unit_id "
                "WHERE cu.campaign_id = 2 AND u.name = 'History'"
            )
        ).scalar_one()
        c.execute(
            text("DELETE FROM answer WHERE response_id IN (SELECT id FROM response WHERE round_id = :r)"), {"r": rid}
        )
        c.execute(text("DELETE FROM response WHERE round_id = :r"), {"r": rid})
    again = client.get("/hr/campaigns/2/results").get_data(as_text=True)
    assert again != first and "n=6" in first.split("History")[1][:600] and "n=6" not in again.split("History")[1][:600]


def test_hr_cancels_a_workshop_on_the_dashboard_and_everyone_is_told(
    browser: Browser, site: tuple[Server, FakeGraph], slack: FakeSlack, tmp_path: Path
) -> None:
    server, graph = site
    for i in range(5):  # the demo's registrants, as Slack knows them
        slack.user(f"UWS{i}")
    page = sign_in(browser, server, graph, "hr@demo.example", "Demo HR")
    page.click("text=Workshops")
    section = page.inner_text("main")
    assert "Experiences of the Well-being Dialogue" in section and "3 of 3 seats taken" in section
    waiting = page.inner_text("ol")
    assert waiting.index("Jonas Juhl") < waiting.index("Maja Mortensen")  # UWS3, UWS4: by name, in order
    assert "UWS" not in page.inner_text("main")
    shot(page, "workshops", tmp_path)
    page.click("text=Cancel workshop")
    assert "everyone registered or waiting is told" in page.inner_text("main")
    everyone = {slack.dm_channel(f"UWS{i}") for i in range(5)}  # registered and waiting alike
    slack.wait_for(
        lambda: everyone <= {m.channel for m in slack.messages if "cancelled" in m.all_text.lower()}, what="the DMs"
    )
    assert any(e.action == "workshop.cancel" and e.actor == "UDEMOHR" for e in audit.entries(server.rt.db))


def test_hr_creates_and_edits_a_workshop_with_slacks_rules_and_messages(
    browser: Browser, site: tuple[Server, FakeGraph], slack: FakeSlack, tmp_path: Path
) -> None:
    server, graph = site
    slack.user("ULEAD02")
    with server.rt.db.engine.begin() as c:  # someone the directory knows by e-mail
        from sqlalchemy import text

        c.execute(text("UPDATE person SET email = 'invitee@demo.example' WHERE user_id = 'ULEAD02'"))
    page = sign_in(browser, server, graph, "hr@demo.example", "Demo HR")
    page.goto(f"{server.url}/hr/workshops/new")
    page.fill("#title", "Talk *loudly*")
    page.fill("#starts", "2099-03-02T10:00")
    page.fill("#ends", "2099-03-02T09:00")
    page.fill("#place", "Room 2")
    page.fill("#deadline", "2099-03-01T12:00")
    page.fill("#people", "nobody@demo.example")
    page.click("text=Save")
    errors = {e.get_attribute("id"): e.inner_text() for e in page.query_selector_all(".error")}
    assert errors == {
        "title-error": "Use plain text: no < > * _ ~ or ` in the title.",  # Slack's own messages
        "ends-error": "The end must be after the start.",
        "channel-error": "Pick a channel or people to announce it to.",
        "people-error": "Not found in Slack: nobody@demo.example",
    }, errors
    assert page.get_attribute("#title", "aria-invalid") == "true"
    page.fill("#title", "Talk loudly")
    page.fill("#ends", "2099-03-02T12:00")
    page.fill("#people", "invitee@demo.example")
    page.click("text=Save")
    assert page.url.endswith("/hr/workshops") and "Talk loudly" in page.inner_text("main")
    slack.wait_for(lambda: any("Talk loudly" in m.all_text for m in slack.dms("ULEAD02")), what="the invitation")
    page.click("text=Edit workshop >> nth=-1")
    page.fill("#place", "Room 3")
    page.click("text=Save")
    assert "Room 3" in page.inner_text("main")
    actions = [e.action for e in audit.entries(server.rt.db)]
    assert "workshop.create" in actions and "workshop.edit" in actions


def test_without_the_microsoft_settings_the_dashboard_is_off_and_says_how_to_turn_it_on(
    bot: Bot, server: Server
) -> None:
    import requests

    r = requests.get(f"{server.url}/hr/", timeout=5)
    assert r.status_code == 503
    assert "MS_TENANT_ID" in r.text and "PUBLIC_URL" in r.text and "SESSION_SECRET" in r.text
