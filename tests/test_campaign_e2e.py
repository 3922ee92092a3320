"""A campaign over real HTTP: HR starts it for a faculty and its two departments; the leads get *Plan our
dialogue*; two plan and hold their rounds, one never starts and is reminded once; HR follows the progress and
reads results in which the 4-person unit is withheld and no difference gives it away; only HR and the right
leads may do what they do."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

from bot.core.clock import FakeClock
from bot.entrypoints.server import Server
from bot.jobs.scheduler import sweep
from bot.services import directory, org
from doubles.driver import Bot
from doubles.fake_slack import FakeSlack
from doubles.scenario import WELL_BEING, all_ratings, answer, simulate
from storage import audit, units
from storage import campaigns as campaign_store

START = datetime(2026, 3, 2, 8, tzinfo=UTC)  # Monday 09:00 in Copenhagen
PHYSICS = ["U1", "U2", "U3", "U4", "U5", "U6"]
CHEMISTRY = ["UC1", "UC2", "UC3", "UC4"]


def org_file() -> bytes:
    rows = ["unit,parent,email,role", "Faculty,,udean@example.com,lead"]
    rows += ["Physics,Faculty,uphys@example.com,lead"] + [
        f"Physics,Faculty,{u.lower()}@example.com,member" for u in PHYSICS
    ]
    rows += ["Chemistry,Faculty,uchem@example.com,lead"]
    rows += [f"Chemistry,Faculty,{u.lower()}@example.com,member" for u in CHEMISTRY]
    return ("\n".join(rows) + "\n").encode()


def plan(bot: Bot, slack: FakeSlack, lead: str, values: dict[str, object]):  # type: ignore[no-untyped-def]
    invite = slack.wait_for(lambda: next((m for m in slack.dms(lead) if "campaign_plan" in str(m.blocks)), None))
    before = len([v for u, v in slack.views if u == lead])
    assert bot.click(lead, invite.button("campaign_plan"), invite).status == 200
    slack.wait_for(lambda: len([v for u, v in slack.views if u == lead]) > before, what=f"{lead}'s plan form")
    view = slack.last_view(lead)
    return view, bot.submit(lead, view, values)


def test_a_campaign_from_hr_to_results_that_protect_the_small_unit(
    start_server: Callable[..., Server], sqlite_url: str, slack: FakeSlack
) -> None:
    clock = FakeClock(START)
    server = start_server(sqlite_url, use_clock=clock, scheduler=False, hr_admins="UHR")
    bot = Bot(server.url, slack)
    for u in ["UHR", "UDEAN", "UPHYS", "UCHEM", *PHYSICS, *CHEMISTRY]:
        slack.user(u, locale="da-DK" if u == "UCHEM" else "en-US")
    directory.sweep(server.rt)
    org.import_file(server.rt.db, org_file(), clock.now(), "cli", "org.csv")

    # Only HR starts campaigns.
    refused = bot.slash("UPHYS", "campaign")
    assert "Only HR" in refused.json["text"]

    # HR starts one for the faculty and everything below it.
    assert bot.slash("UHR", "campaign").status == 200
    form = slack.wait_for(lambda: next((v for u, v in slack.views if u == "UHR"), None), what="HR's form")
    bad = bot.submit(
        "UHR", form, {"flow": "well_being", "units": ["Faculty"], "from": "2026-03-10", "until": "2026-03-02"}
    )
    assert bad.json == {"response_action": "errors", "errors": {"until": "Choose a period: from, then until."}}
    values = {
        "flow": "well_being",
        "units": ["Faculty"],
        "subtree": ["yes"],
        "from": "2026-03-02",
        "until": "2026-03-21",
        "message": "Thank you <b> & =1",
    }
    reply = bot.submit("UHR", form, values)
    assert "Campaign 1 started for 3 units" in json.dumps(reply.json)

    # Each lead gets HR's word (escaped), the period and Plan our dialogue — in their language.
    for lead in ("UDEAN", "UPHYS", "UCHEM"):
        dm = slack.wait_for(
            lambda lead=lead: next((m for m in slack.dms(lead) if "campaign_plan" in str(m.blocks)), None)
        )
        assert "Thank you &lt;b&gt; &amp; =1" in dm.all_text
    assert "Planlæg vores dialog" in str(slack.dms("UCHEM")[-1].blocks)

    # Someone else's plan button is refused.
    physics_invite = next(m for m in slack.dms("UPHYS") if "campaign_plan" in str(m.blocks))
    bot.click("UCHEM", physics_invite.button("campaign_plan"), physics_invite)
    assert not [v for u, v in slack.views if u == "UCHEM"]

    # Physics plans: its people are filled in; a deadline after the period or a meeting before the deadline is
    # refused inline; then it starts.
    deadline = int(datetime(2026, 3, 6, 12, tzinfo=UTC).timestamp())
    view, reply = plan(
        bot,
        slack,
        "UPHYS",
        {
            "participants": PHYSICS,
            "deadline": int(datetime(2026, 3, 25, tzinfo=UTC).timestamp()),
            "meeting": "2026-03-05",
            "pacing": "all_now",
            "anonymous": "yes",
        },
    )
    participants = next(b for b in view["blocks"] if b.get("block_id") == "participants")
    assert sorted(participants["element"]["initial_users"]) == PHYSICS
    errors = reply.json["errors"]
    assert errors["deadline"].startswith("Choose a deadline within the campaign's period")
    assert errors["meeting"].startswith("Choose a meeting day after the deadline")
    ok = bot.submit(
        "UPHYS",
        view,
        {
            "participants": PHYSICS,
            "deadline": deadline,
            "meeting": "2026-03-09",
            "pacing": "all_now",
            "anonymous": "yes",
        },
    )
    assert "Started" in json.dumps(ok.json)
    # A unit's campaign round is the unit's own people: Chemistry's lead cannot invite Physics' people or the
    # dean (an inline error in their language, nothing started); leaving someone out is theirs to decide.
    chem_values = {"deadline": deadline, "meeting": "2026-03-09", "pacing": "all_now", "anonymous": "yes"}
    chem_view, outsiders = plan(bot, slack, "UCHEM", {**chem_values, "participants": [*CHEMISTRY, "U1", "UDEAN"]})
    assert outsiders.json["response_action"] == "errors"
    assert outsiders.json["errors"]["participants"].startswith("2 af de valgte personer er ikke i Chemistry")
    assert campaign_store.rounds_of(server.rt.db, 1).keys() == {units.by_name(server.rt.db, ["Physics"])["Physics"].id}
    ok = bot.submit("UCHEM", chem_view, {**chem_values, "participants": CHEMISTRY})
    assert "Startet" in json.dumps(ok.json)

    for i, m in enumerate(PHYSICS):
        answer(bot, slack, m, all_ratings(1 + i % 5, WELL_BEING))
    for m in CHEMISTRY:
        answer(bot, slack, m, all_ratings(5, WELL_BEING))

    # Time passes: the rounds close at their deadline; by the middle of the period the dean, who never started,
    # is reminded once, in working hours.
    simulate(server, slack, clock, until=datetime(2026, 3, 11, 10, tzinfo=UTC))
    sweep(server.rt)
    sweep(server.rt)
    reminders = [m for m in slack.dms("UDEAN") if "has not started" in m.all_text]
    assert len(reminders) == 1
    assert not [m for m in slack.dms("UPHYS") if "has not started" in m.all_text]

    # Progress, counts only.
    status = bot.slash("UHR", "campaign status").json
    text = json.dumps(status)
    assert "Faculty \\u2014 not started" in text
    # The planned meeting days have passed, but a meeting counts as held only when it was (bot.meetings).
    assert "Physics \\u2014 summarised" in text and "Chemistry \\u2014 summarised" in text
    assert "U1" not in text and "UC1" not in text
    refused = bot.slash("U1", "campaign status")
    assert "Only HR" in refused.json["text"]

    # Results: Chemistry (4 people) is withheld, and Faculty counts without it (marked †): Faculty minus Physics
    # (whose lead has their own summary) would be Chemistry.
    bot.slash("UHR", "campaign results")
    body = slack.wait_for(lambda: next((m for m in slack.dms("UHR") if "Results of campaign 1" in m.all_text), None))
    lines = {line.split("*")[1]: line for line in body.all_text.splitlines() if line.strip().startswith("•")}
    assert "Workload withheld" in lines["Chemistry"]
    assert "†" in lines["Faculty"] and "†" not in lines["Physics"]
    assert lines["Faculty"].split(": ", 1)[1].replace("†", "") == lines["Physics"].split(": ", 1)[1]
    assert "Counted without a part too small to show" in body.all_text
    assert "Workload 4" not in body.all_text  # neither Chemistry's 5s nor anything from them shows through
    heatmap = slack.wait_for(lambda: next((m for m in slack.dms("UHR") if m.files), None), what="the heatmap")
    assert slack.uploads[heatmap.files[0]["id"]]["data"].startswith(b"\x89PNG")

    # The dean sees only the faculty's roll-up (without Chemistry); the physics lead, without sub-units, no results.
    bot.slash("UDEAN", "campaign results")
    dean = slack.wait_for(lambda: next((m for m in slack.dms("UDEAN") if "Results of campaign" in m.all_text), None))
    assert "*Faculty*" in dean.all_text and "Physics" not in dean.all_text and "Chemistry" not in dean.all_text
    assert "†" in dean.all_text
    bot.slash("UPHYS", "campaign results")
    slack.wait_for(lambda: any("No results to show yet" in m.all_text for m in slack.dms("UPHYS")))

    # The physics lead's summary has the distribution chart; the chemistry lead sees participation only.
    assert any(m.files for m in slack.dms("UPHYS"))
    refusals = [e for e in audit.entries(server.rt.db) if not e.allowed]
    assert {e.action for e in refusals} >= {"command:campaign", "action:campaign_plan"}
