"""What reaches /slack/events that should not: forged, stale, garbage, unknown; and repeats that must not double."""

from __future__ import annotations

import json
import time
import urllib.request
from datetime import timedelta

from sqlalchemy import text

from bot.core.clock import FakeClock
from bot.entrypoints.server import Server
from doubles.driver import ANSWER_KEY, Bot
from doubles.fake_slack import FakeSlack
from doubles.scenario import WELL_BEING, all_ratings, answer, invitation, open_form, start_round
from storage.db import Database


def test_health_check_answers_once_the_database_does(server: Server) -> None:
    with urllib.request.urlopen(server.url + "/healthz", timeout=5) as r:
        assert r.status == 200 and r.read() == b"ok"


def test_forged_and_stale_requests_are_refused_and_nothing_happens(bot: Bot, slack: FakeSlack) -> None:
    slack.user("ULEAD")
    body = b"command=%2Fdialogue&text=start&user_id=ULEAD&trigger_id=x"
    ctype = "application/x-www-form-urlencoded"
    assert bot.post(body, ctype, sign=False).status == 401
    assert Bot(bot.url.rsplit("/slack", 1)[0], slack, secret="wrong-secret").post(body, ctype).status == 401
    assert bot.post(body, ctype, timestamp=int(time.time()) - 6 * 60).status == 401
    time.sleep(0.2)
    startup = {"auth.test", "users.list"}  # the token check and the people directory
    assert [c for c in slack.calls if c[0] not in startup] == []  # not even users.info


def test_malformed_payloads_get_400_not_a_crash(bot: Bot, server: Server) -> None:
    ctype = "application/x-www-form-urlencoded"
    assert bot.post(b"\xff\xfe garbage", ctype).status == 400
    assert bot.post(b"payload=%7Bnot-json", ctype).status == 400
    assert bot.post(b"payload=%5B1%2C2%5D", ctype).status == 400  # JSON, but not an object
    assert bot.post(b"hello=world", ctype).status == 400
    assert bot.post(b'{"no": "type"}', "application/json").status == 400
    assert bot.post(b"[not json", "application/json").status == 400
    with urllib.request.urlopen(server.url + "/healthz", timeout=5) as r:
        assert r.status == 200  # still standing


def test_url_verification_challenge(bot: Bot) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}).encode()
    reply = bot.post(body, "application/json")
    assert reply.status == 200 and "abc123" in reply.body


def test_unknown_action_and_view_are_acked_without_a_crash(bot: Bot, slack: FakeSlack, server: Server) -> None:
    slack.user("U1")
    assert bot.click("U1", {"action_id": "no_such_action", "value": "1"}).status == 200
    assert bot.submit("U1", {"type": "modal", "callback_id": "no_such_view", "blocks": []}, {}).status == 200
    # A forged answer form that names no round of ours gets a polite modal, and nothing is stored.
    reply = bot.submit(
        "U1", {"type": "modal", "callback_id": "answer_submit", "private_metadata": "{}", "blocks": []}, {}
    )
    assert reply.status == 200 and reply.json["response_action"] == "update"
    with urllib.request.urlopen(server.url + "/healthz", timeout=5) as r:
        assert r.status == 200


def test_deadline_in_the_past_is_an_inline_error_in_the_leads_language(
    bot: Bot, slack: FakeSlack, clock: FakeClock
) -> None:
    slack.user("ULEAD", locale="da-DK")
    bot.slash("ULEAD", "start")
    view = slack.wait_for(lambda: [v for u, v in slack.views if u == "ULEAD"])[-1]
    assert view["title"]["text"] == "Ny dialogrunde"
    reply = bot.submit(
        "ULEAD",
        view,
        {
            "participants": ["U1"],
            "concept": "well_being",
            "pacing": "all_now",
            "anonymous": "yes",
            "deadline": int((clock.now() - timedelta(minutes=1)).timestamp()),
        },
    )
    assert reply.status == 200
    assert reply.json == {"response_action": "errors", "errors": {"deadline": "Vælg et tidspunkt i fremtiden."}}
    reply = bot.submit(
        "ULEAD",
        view,
        {
            "concept": "well_being",
            "pacing": "all_now",
            "anonymous": "yes",
            "deadline": int((clock.now() + timedelta(hours=1)).timestamp()),
        },
    )
    assert reply.json["errors"] == {"participants": "Vælg mindst én deltager eller en kanal."}


def test_a_missing_rating_is_an_inline_error_in_danish_and_nothing_is_stored(
    bot: Bot, slack: FakeSlack, clock: FakeClock, server: Server
) -> None:
    slack.user("U1", locale="da-DK")
    start_round(bot, slack, "ULEAD", ["U1"], clock.now() + timedelta(hours=1))
    view = open_form(bot, slack, "U1")
    assert view["title"]["text"] == "Trivselsdialog"
    ratings = all_ratings(3, WELL_BEING)
    del ratings["influence"]
    values: dict[str, object] = {f"rating__{k}": v for k, v in ratings.items()}
    values["rating__meaning"] = 9  # not one of the options: a forged value
    reply = bot.submit("U1", view, values)
    assert reply.json == {
        "response_action": "errors",
        "errors": {
            "rating__influence": "Vælg venligst en vurdering.",
            "rating__meaning": "Vælg venligst en af mulighederne.",
        },
    }
    db = Database(server.settings.database_url, ANSWER_KEY)
    with db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM response")).scalar_one() == 0
    db.dispose()


def test_someone_not_in_the_round_and_a_late_answer_get_a_polite_no(
    bot: Bot, slack: FakeSlack, clock: FakeClock, server: Server
) -> None:
    start_round(bot, slack, "ULEAD", ["U1"], clock.now() + timedelta(hours=1))
    dm = invitation(slack, "U1")
    form = open_form(bot, slack, "U1")
    # An outsider pressing a forwarded button, or submitting the form, is told why; nothing is stored.
    slack.user("UOUT")
    bot.click("UOUT", dm.button("answer_open"), dm)
    view = slack.wait_for(lambda: [v for u, v in slack.views if u == "UOUT"])[-1]
    assert "not a participant" in json.dumps(view)
    reply = bot.submit("UOUT", form, {f"rating__{s}": 3 for s in WELL_BEING})
    assert reply.json["response_action"] == "update" and "not a participant" in json.dumps(reply.json["view"])
    # After the deadline, the participant's own submission is refused politely.
    clock.advance(timedelta(hours=1, seconds=1))
    reply = bot.submit("U1", form, {f"rating__{s}": 3 for s in WELL_BEING})
    assert reply.json["response_action"] == "update" and "closed" in json.dumps(reply.json["view"])
    db = Database(server.settings.database_url, ANSWER_KEY)
    with db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM response")).scalar_one() == 0
    db.dispose()


def test_double_click_double_submit_and_retried_event_do_nothing_twice(
    bot: Bot, slack: FakeSlack, clock: FakeClock, server: Server
) -> None:
    start_round(bot, slack, "ULEAD", ["U1", "U2"], clock.now() + timedelta(hours=1))
    dm = invitation(slack, "U1")
    # The same click delivered twice opens the form twice (each click has its own trigger) — and no more.
    bot.click("U1", dm.button("answer_open"), dm)
    bot.click("U1", dm.button("answer_open"), dm)
    slack.wait_for(lambda: len([v for u, v in slack.views if u == "U1"]) == 2)
    view = slack.last_view("U1")
    values = {f"rating__{s}": 4 for s in WELL_BEING} | {"text__workload": "first"}
    assert bot.submit("U1", view, values).status == 200
    assert bot.submit("U1", view, values, headers={"X-Slack-Retry-Num": "1"}).status == 200
    # Answering again replaces the answer, never adds one.
    assert answer(bot, slack, "U1", all_ratings(2, WELL_BEING), {"workload": "changed my mind"}).status == 200
    db = Database(server.settings.database_url, ANSWER_KEY)
    with db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM response")).scalar_one() == 1
        rows = c.execute(text("SELECT step_id, rating, text FROM answer ORDER BY step_id")).all()
    db.dispose()
    assert len(rows) == len(WELL_BEING) and {r[1] for r in rows} == {2}
    assert ("workload", 2, "changed my mind") in [tuple(r) for r in rows]
    slack.wait_for(lambda: "received" in slack.last_dm("U1").all_text)
    assert len(slack.dms("U1")) == 1  # one DM, edited in place

    # A DM to the bot gets one help reply, even when Slack retries the event.
    event = {"type": "message", "channel_type": "im", "channel": "DU2", "user": "U2", "text": "hi", "ts": "1.1"}
    assert bot.event(event, event_id="Ev0001").status == 200
    assert bot.event(event, event_id="Ev0001", retry_num=1).status == 200
    assert bot.event(event, event_id="Ev0001", retry_num=2).status == 200
    slack.wait_for(lambda: any("Commands" in m.text for m in slack.messages if m.channel == "DU2"))
    time.sleep(0.3)
    replies = [m for m in slack.messages if m.channel == "DU2" and "Commands" in m.text]
    assert len(replies) == 1 and "share_chat" not in str(replies[0].blocks)  # "hi" is not an experience to share


def test_app_home_has_a_start_button_that_opens_the_modal(bot: Bot, slack: FakeSlack) -> None:
    slack.user("ULEAD")
    assert bot.event({"type": "app_home_opened", "user": "ULEAD", "tab": "home", "channel": "DLEAD"}).status == 200
    home = slack.wait_for(lambda: slack.home.get("ULEAD"), what="App Home")
    button = next(el for b in home["blocks"] if b["type"] == "actions" for el in b["elements"])
    assert bot.click("ULEAD", button).status == 200
    view = slack.wait_for(lambda: [v for u, v in slack.views if u == "ULEAD"])[-1]
    assert view["callback_id"] == "round_start"


def test_a_signed_view_submission_without_a_view_type_or_id_is_a_400_not_a_500(
    bot: Bot, slack: FakeSlack, server: Server
) -> None:
    """Bolt reads `view.type` (KeyError without it) and the bot files a submission under `view.id`: a view that
    lacks either, or has them of the wrong kind, is not Slack's and gets a 400 at the edge."""
    slack.user("U1")
    base = {"callback_id": "answer_submit", "private_metadata": "{}", "blocks": [], "id": "V0001", "type": "modal"}
    for broken in (
        {k: v for k, v in base.items() if k != "type"},
        {k: v for k, v in base.items() if k != "id"},
        dict(base, type=7),
        dict(base, id=["V1"]),
    ):
        reply = bot.payload(
            {
                "type": "view_submission",
                "team": {"id": "T0001", "domain": "acme"},
                "user": {"id": "U1", "team_id": "T0001"},
                "api_app_id": "A0001",
                "trigger_id": slack.trigger("U1"),
                "view": dict(broken, state={"values": {}}),
            }
        )
        assert reply.status == 400, (broken, reply)
        assert "view" in reply.body
    with urllib.request.urlopen(server.url + "/healthz", timeout=5) as r:
        assert r.status == 200
