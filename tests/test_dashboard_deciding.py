"""The dashboard HR decides with, in a real browser (Debian's chromium through Playwright, one browser for the
module): the heatmap (reference colours, legend, change arrows, participation, sorting, no repeated rows, the
unit column sticky on a phone, AA contrast), the unit pages (inline SVG distributions, trend, rounds), HR's home,
progress as the tree, human values and error pages; the three bugs of issue 24 (the first submit in a fresh
browser, the workshop form's time errors, the README's word on the demo); axe-core on every page in English and
Danish at desktop and phone width; and a keyboard-only path through nudging, exporting and creating a workshop.
Screenshots for the README go to `docs/screenshots/` with SAVE_SCREENSHOTS=1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ElementHandle, Page

from bot.entrypoints.demo_server import DemoServer
from bot.entrypoints.server import Server
from bot.web.heatmap import BANDS, contrast
from doubles.browser import shot, sign_in
from doubles.fake_graph import FakeGraph
from doubles.fake_slack import FakeSlack
from storage import audit

README = Path(__file__).parents[1] / "README.md"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1200, "height": 900}


def header(row: ElementHandle) -> str:
    """The text of a table row's <th>, which every row of these tables has."""
    th = row.query_selector("th")
    assert th is not None
    return th.inner_text()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    server = DemoServer(tmp_path_factory.mktemp("demo"), 0).start()
    yield server
    server.stop()


def fresh(browser: Browser, viewport: dict[str, int] = DESKTOP, locale: str = "en-GB") -> Page:
    """A page in a browser context of its own: no cookies, as a freshly launched browser."""
    return browser.new_context(viewport=viewport, locale=locale).new_page()  # type: ignore[arg-type]


def rows_of(page: Page) -> list[str]:
    return [r.inner_text().strip() for r in page.query_selector_all("table.heatmap tbody th")]


def test_the_first_submit_in_a_fresh_browser_is_accepted_and_the_demo_creates_workshops(
    browser: Browser, demo: DemoServer, tmp_path: Path
) -> None:
    """The bug: a browser asks for /favicon.ico on its first visit, without the /hr cookie; the session started
    there came back with Path=/hr and replaced the one whose CSRF token the form carried."""
    page = fresh(browser)
    page.goto(demo.url + "/hr/workshops")
    page.click("text=New workshop")  # the demo offers it
    page.context.request.get(demo.url + "/favicon.ico")  # as a freshly launched browser does (with its cookies; no CSP)
    page.fill("#title", "Sharing what worked")
    page.fill("#starts", "2099-03-02T10:00")
    page.fill("#ends", "2099-03-02T12:00")
    page.fill("#place", "Room 2")
    page.fill("#deadline", "2099-03-01T12:00")
    page.fill("#people", "hr@demo.example")
    page.click("button:text('Save')")
    assert "refused" not in page.inner_text("main").lower() and "too old" not in page.inner_text("main")
    assert page.url.endswith("/hr/workshops") and "Sharing what worked" in page.inner_text("main")
    text = README.read_text(encoding="utf-8")
    assert "creating in the demo" not in text and "The demo creates workshops" in text  # the README says so now
    page.context.close()


def test_the_workshop_forms_time_errors_name_the_field(browser: Browser, demo: DemoServer) -> None:
    page = fresh(browser)
    for lang, expected in (
        ("en", ("Pick when it starts.", "Pick when it ends.", "Pick when registration closes.")),
        ("da", ("Vælg, hvornår den starter.", "Vælg, hvornår den slutter.", "Vælg, hvornår tilmeldingen lukker.")),
    ):
        page.goto(f"{demo.url}/hr/workshops/new?lang={lang}")
        page.fill("#title", "T")
        page.click("form:not(.inline) button[type=submit]")
        errors = {e.get_attribute("id"): e.inner_text() for e in page.query_selector_all(".error")}
        assert (errors["starts-error"], errors["ends-error"], errors["deadline-error"]) == expected, errors
        assert "Pick a deadline." not in page.inner_text("main")
    page.context.close()


def test_the_heatmap_colours_by_the_reference_sorts_and_keeps_the_unit_column_on_a_phone(
    browser: Browser, demo: DemoServer, tmp_path: Path
) -> None:
    page = fresh(browser)
    page.goto(demo.url + "/hr/campaigns/2/results")
    units = rows_of(page)
    assert units[0] == "University" and "All units" not in units  # the whole is the single top unit: one row
    main = page.inner_text("main")
    assert not re.search(r"\b1:\d+ 2:\d+", main)  # no distribution repeated in every cell
    assert "Difference from the whole organisation" in page.inner_text("figure.legend")
    assert len(page.query_selector_all("figure.legend .swatch")) == len(BANDS) + 1
    physics = page.locator("table.heatmap tbody tr", has_text="Physics").inner_text()
    assert "100%" in physics and "8 / 8" in physics  # participation as a percentage
    assert re.search(r"[↑↓→] [+−±]\d\.\d", physics)  # the change: arrow and signed number
    assert "withheld" in page.locator("table.heatmap tbody tr", has_text="Chemistry").inner_text()
    # Every coloured cell reaches AA contrast (4.5:1) with its text.
    colours = page.eval_on_selector_all(
        "td.cell", "cells => cells.map(c => [getComputedStyle(c).backgroundColor, getComputedStyle(c).color])"
    )
    assert colours

    def hex_of(rgb: str) -> str:
        return "#" + "".join(f"{int(x):02x}" for x in re.findall(r"\d+", rgb)[:3])

    assert min(contrast(hex_of(bg), hex_of(fg)) for bg, fg in colours) >= 4.5
    assert {hex_of(bg) for bg, _ in colours} - {"#ffffff"} <= {b[1] for b in BANDS}
    by_org = page.eval_on_selector_all("td.cell", "cells => cells.map(c => c.style.background)")

    # Sorting by a theme: a link, no script; weakest first, then strongest first.
    page.click("table.heatmap thead a:has-text('Workload')")
    assert page.get_attribute("th[aria-sort]", "aria-sort") == "ascending"

    def workload() -> list[float]:
        cells = page.query_selector_all("table.heatmap tbody tr")
        out = []
        for r in cells:
            td = r.query_selector_all("td")[1]  # after participation
            strong = td.query_selector("strong")
            if strong:
                out.append(float(strong.inner_text()))
        return out

    assert workload() == sorted(workload()) and len(workload()) >= 5
    page.click("table.heatmap thead a:has-text('Workload')")
    assert page.get_attribute("th[aria-sort]", "aria-sort") == "descending"
    assert workload() == sorted(workload(), reverse=True)
    # Against the unit's previous campaign instead: other colours.
    page.select_option("#ref", "previous")
    page.click("form.filters button")
    assert "Difference from the unit's own mean" in page.inner_text("figure.legend")
    assert page.eval_on_selector_all("td.cell", "cells => cells.map(c => c.style.background)") != by_org

    # On a phone: the table scrolls sideways in a region the keyboard reaches; the unit column stays.
    phone = fresh(browser, PHONE)
    phone.goto(demo.url + "/hr/campaigns/2/results")
    region = phone.locator("div.scroll").first
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    before = phone.locator("table.heatmap tbody th").first.bounding_box()
    region.evaluate("el => { el.scrollLeft = 400 }")
    after = phone.locator("table.heatmap tbody th").first.bounding_box()
    assert region.evaluate("el => el.scrollLeft") > 100
    assert before and after and abs(after["x"] - before["x"]) < 2  # sticky
    region.focus()
    assert phone.evaluate("document.activeElement.classList.contains('scroll')")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # only the table scrolls
    shot(phone, "results-phone", tmp_path)
    page.context.close()
    phone.context.close()


def test_a_unit_opens_its_own_page_with_distributions_trend_and_rounds(
    browser: Browser, demo: DemoServer, tmp_path: Path
) -> None:
    page = fresh(browser)
    page.goto(demo.url + "/hr/campaigns/2/results")
    page.click("table.heatmap tbody a:text('Faculty of Science')")
    assert page.inner_text("h1") == "Faculty of Science"
    assert page.query_selector("script") is None
    bars = page.query_selector_all("svg.bar")
    assert len(bars) == 7 and all(b.query_selector("rect") for b in bars)
    assert re.search(r"1: \d+, 2: \d+, 3: \d+, 4: \d+, 5: \d+", bars[0].get_attribute("aria-label") or "")
    assert "group of units" in page.inner_text("main")  # no people of its own
    assert "Over time" in page.inner_text("main") and "Mar 1, 2024" in page.inner_text("main")
    shot(page, "unit", tmp_path)
    page.click("a:text('Physics · Well-being Dialogue · Mar 8, 2026')")
    main = page.inner_text("main")
    assert "Physics" in page.inner_text("h1")
    assert "*" not in main and ":lock:" not in main and "Participation:" in main
    assert page.query_selector("main strong") is not None  # Slack's *bold* as bold
    assert "Comments" not in main  # the demo's rounds have none: no empty heading
    page.click("text=← Physics")
    assert page.inner_text("h1") == "Physics"
    page.context.close()


def test_hr_home_says_what_needs_attention_and_progress_is_the_tree(
    browser: Browser, demo: DemoServer, tmp_path: Path
) -> None:
    page = fresh(browser)
    page.goto(demo.url + "/hr/")
    attention = page.inner_text("section.attention")
    assert "Leadership Dialogue" in attention and "74%" in attention and "17 of 23 answered" in attention
    assert "Biology" in attention and "Chemistry" in attention  # not started
    assert "Weakest themes" in attention and "Biggest changes since last time" in attention
    assert re.search(r"↑ \+\d\.\d History", attention)
    assert "Experiences of the Well-being Dialogue" in attention and "seats left" in attention
    assert "4 experiences shared so far" in attention
    page.goto(demo.url + "/hr/")  # the next visit counts from today
    assert "new experiences since" in page.inner_text("section.attention")

    page.click("a:text('Progress') >> nth=0")
    rows = {header(r).strip(" └"): r for r in page.query_selector_all("table.tree tbody tr")}
    assert list(rows)[:2] == ["University", "Faculty of Arts"]  # the tree, top first
    university = rows["University"].inner_text()
    assert "group of units" in university and "not started" not in university and "74%" in university
    assert "17 / 23" in university and "3 / 5" in university
    assert rows["University"].query_selector("button") is None
    assert "not started" in rows["Biology"].inner_text()
    assert "answering" in rows["Physics"].inner_text() and "6 / 8" in rows["Physics"].inner_text()
    assert "75%" in rows["Physics"].inner_text()
    page.context.close()


def test_pages_show_human_values_empty_states_and_styled_errors(browser: Browser, demo: DemoServer) -> None:
    page = fresh(browser)
    page.goto(demo.url + "/hr/workshops")
    main = page.inner_text("main")
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", main)  # no ISO moments
    assert re.search(r"\d{1,2}:\d\d", main)
    page.goto(demo.url + "/hr/audit")
    table = page.inner_text("table")
    assert "UDEMOHR" not in table and "web:results" not in table and "demo:seed" not in table
    assert "Hanne Holm (HR)" in table and "made the demo's organisation" in table  # a name, not UDEMOHR
    page.goto(demo.url + "/hr/experiences?dialogue=workshop&since=2099-01-01")
    assert "No experiences match this filter" in page.inner_text("main") and not page.query_selector("main table")
    page.goto(demo.url + "/hr/experiences")
    assert "well_being" not in page.inner_text("main") and "Well-being Dialogue" in page.inner_text("main")
    for lang, title in (("en", "Page not found"), ("da", "Siden findes ikke")):
        missing = page.goto(f"{demo.url}/hr/campaigns/99/results?lang={lang}")
        assert missing is not None and missing.status == 404
        assert page.inner_text("h1") == title and page.query_selector("nav a[href='/hr/']")
        assert page.get_attribute("html", "lang") == lang
    page.goto(demo.url + "/hr/campaigns/2/units/99999?lang=en")
    assert page.inner_text("h1") == "Page not found"
    page.context.close()


PAGES = (
    "/hr/",
    "/hr/campaigns/3",
    "/hr/campaigns/2/results",
    "/hr/campaigns/2/results?ref=previous&sort=workload&dir=desc",
    "/hr/campaigns/2/units/2",
    "/hr/campaigns/2/units/3",
    "/hr/workshops",
    "/hr/workshops/new",
    "/hr/experiences",
    "/hr/experiences?dialogue=workshop&since=2099-01-01",
    "/hr/exports",
    "/hr/audit",
    "/hr/nothing-here",
)


@pytest.mark.parametrize("lang", ["en", "da"])
def test_every_page_passes_axe_in_both_languages_on_desktop_and_phone(
    browser: Browser, demo: DemoServer, lang: str
) -> None:
    axe = Axe()
    pages = list(PAGES)
    desk, phone = fresh(browser, DESKTOP), fresh(browser, PHONE)
    for p in (desk, phone):
        p.context.add_init_script(axe.axe_script)  # axe-core loaded with each page, not sent over each time
    desk.goto(f"{demo.url}/hr/?lang={lang}")
    phone.goto(f"{demo.url}/hr/?lang={lang}")
    rounds = desk.eval_on_selector_all("a[href^='/hr/rounds/']", "links => links.map(a => a.getAttribute('href'))")
    desk.goto(f"{demo.url}/hr/campaigns/2/units/5")
    rounds += desk.eval_on_selector_all("a[href^='/hr/rounds/']", "links => links.map(a => a.getAttribute('href'))")
    assert rounds, "a round page to check"
    pages.append(rounds[0])
    found: list[str] = []
    for page in (desk, phone):
        for path in pages:
            page.goto(demo.url + path)
            assert page.get_attribute("html", "lang") == lang, path
            violations = page.evaluate("axe.run({resultTypes: ['violations']}).then(r => r.violations)")
            for v in violations:
                if v["impact"] in ("critical", "serious"):
                    where = [n["target"] for n in v["nodes"]][:3]
                    found.append(f"{path} ({page.viewport_size}): {v['id']} {v['impact']} {where}")
    # the workshop form's errors too
    desk.goto(demo.url + "/hr/workshops/new")
    desk.click("form:not(.inline) button[type=submit]")
    errors = axe.run(desk).response["violations"]
    found += [f"form errors: {v['id']}" for v in errors if v["impact"] in ("critical", "serious")]
    assert found == [], "\n".join(found)
    desk.context.close()
    phone.context.close()


def focus_and_press(page: Page, matches: str, key: str = "Enter", limit: int = 80) -> None:
    """Tab until the focused element's text contains `matches`, then press `key` — as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement.matches('a, button') ? document.activeElement.textContent : ''")
        if matches in text:
            page.keyboard.press(key)
            return
    raise AssertionError(f"no focusable element with {matches!r} within {limit} tabs")


def test_a_keyboard_only_path_through_nudging_exporting_and_creating_a_workshop(
    browser: Browser, site: tuple[Server, FakeGraph], slack: FakeSlack
) -> None:
    server, graph = site
    for i in range(8):  # the demo's leads, as Slack knows them
        slack.user(f"ULEAD{i:02d}")
    page = sign_in(browser, server, graph, "hr@demo.example", "Demo HR")
    assert page.url == f"{server.url}/hr/"
    with page.expect_navigation():
        focus_and_press(page, "Nudge Biology")  # from HR's home: a unit that has not started
    assert "1" in page.inner_text("main[id=main] p[role=status]")
    assert any(e.action == "campaign:nudge" for e in audit.entries(server.rt.db))

    focus_and_press(page, "Exports")
    page.wait_for_url("**/hr/exports")
    with page.expect_download() as download:
        focus_and_press(page, "CSV")
    assert download.value.suggested_filename.startswith("answers-")  # the first file offered: the answers
    assert len(Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()) > 10

    focus_and_press(page, "Workshops")
    page.wait_for_url("**/hr/workshops")
    focus_and_press(page, "New workshop")
    page.wait_for_url("**/hr/workshops/new")
    page.keyboard.press("Tab")  # past the skip link and the menu to the title field
    while page.evaluate("document.activeElement.id") != "title":
        page.keyboard.press("Tab")
    page.keyboard.type("Keyboard workshop")
    moments = {"starts": ("03022099", "1000"), "ends": ("03022099", "1100"), "deadline": ("03012099", "0900")}
    for field in ("starts", "ends", "place", "deadline"):
        while page.evaluate("document.activeElement.id") != field:
            page.keyboard.press("Tab")
        if field == "place":
            page.keyboard.type("Room 5")
            continue
        day, time = moments[field]  # chromium's datetime-local here: month, day, year, hour, minute, AM/PM
        for key in [*day, "ArrowRight", *time, "ArrowUp"]:
            page.keyboard.press(key)
    assert page.input_value("#starts") == "2099-03-02T10:00" and page.input_value("#deadline") == "2099-03-01T09:00"
    while page.evaluate("document.activeElement.id") != "people":
        page.keyboard.press("Tab")
    page.keyboard.type("hr@demo.example")
    with page.expect_navigation():
        focus_and_press(page, "Save")
    assert page.url.endswith("/hr/workshops"), page.inner_text("main")
    assert "Keyboard workshop" in page.inner_text("main"), page.inner_text("main")
