"""We meet in person: the facilitator's sheet on the dashboard, in a real browser — the round's lead sees the
released numbers weakest first, the questions, room for notes; another lead and HR get a 404 (the content stays
with the team)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from bot.entrypoints.server import Server
from doubles.browser import shot, sign_in
from doubles.fake_graph import FakeGraph
from storage import rounds as round_store
from storage.status import RoundStatus

MIN_READABLE = 3


def test_the_lead_prints_a_facilitators_sheet_and_nobody_else_sees_it(
    browser: Browser, site: tuple[Server, FakeGraph], tmp_path: Path
) -> None:
    server, graph = site
    physics = sign_in(browser, server, graph, "lead.physics@demo.example", "Physics lead")
    physics.click("text=Well-being Dialogue >> nth=-1")  # one of their own closed rounds
    round_id = int(physics.url.rsplit("/", 1)[1])
    rnd = round_store.get_round(server.rt.db, round_id)
    assert rnd is not None and rnd.status == RoundStatus.CLOSED
    reply = physics.goto(f"{server.url}/hr/rounds/{round_id}/sheet")
    assert reply is not None and reply.status == 200
    main = physics.inner_text("main")
    assert "Facilitator's sheet · Well-being Dialogue" in main and "8 of 8 answered" in main
    assert "What would make the biggest difference to our workload?" in main
    themes = [h.inner_text() for h in physics.query_selector_all("main section h2")]
    assert "Workload" in themes and themes[-1] == "Agreed actions" and len(themes) >= MIN_READABLE
    assert len(physics.query_selector_all(".notes")) == len(themes) - 1
    shot(physics, "facilitators-sheet", tmp_path)
    physics.goto(f"{server.url}/hr/rounds/{round_id}/sheet?lang=da")
    assert "Ordstyrerark" in physics.inner_text("h1")

    dean = sign_in(browser, server, graph, "lead.faculty-of-science@demo.example", "Dean of Science")
    response = dean.goto(f"{server.url}/hr/rounds/{round_id}/sheet")
    assert response is not None and response.status == 404
    hr = sign_in(browser, server, graph, "hr@demo.example", "Demo HR")
    response = hr.goto(f"{server.url}/hr/rounds/{round_id}/sheet")
    assert response is not None and response.status == 404
