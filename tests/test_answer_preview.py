""" "What your lead will see" and masking in the services (bot.answering, bot.comment_masking) and in the
preview view (bot.views.answer_preview), without HTTP; a forged Send over HTTP at the end. The whole path over
Slack's requests is tests/test_masking_e2e.py."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import text

from bot.core.clock import FakeClock
from bot.core.runtime import Runtime
from bot.entrypoints.server import Server
from bot.outbound.blocks.answer_preview import METADATA_MAX, preview_modal, read_preview
from bot.services import answers, comment_masking, directory, rounds
from doubles.blockkit import check_view
from doubles.driver import Bot
from doubles.fake_slack import FakeSlack
from doubles.scenario import WELL_BEING, all_ratings, open_form, start_round
from flows import engine as fe
from flows.adaptation import Adaptation, LocalQuestion
from flows.model import Text
from storage import people
from storage import rounds as round_store

MEMBERS = ["U1", "U2", "U3", "U4", "U5"]


def _round(rt: Runtime, members: list[str], anonymous: bool = True, adaptation: Adaptation | None = None) -> int:
    setup = rounds.Setup("well_being", members, None, rt.clock.now() + timedelta(days=7), "all_now", anonymous)
    rnd = rounds.create(rt, "ULEAD", setup, "en", "T0001", adaptation=adaptation)
    assert rnd is not None and rnd.id is not None
    return rnd.id


def _directory(rt: Runtime, slack: FakeSlack, *members: str) -> None:
    slack.people("ULEAD", *members)
    slack.user("UMETTE", real_name="Mette Hansen", display_name="mette.h")
    slack.user("UPER", real_name="Per Holm", deleted=True)  # a former colleague's name identifies too
    directory.sweep(rt)


def _values(text: str | None = None) -> dict[str, dict[str, str | None]]:
    values: dict[str, dict[str, str | None]] = {s: {"rating": "3"} for s in WELL_BEING}
    values["workload"]["text"] = text
    return values


def test_the_directory_keeps_names_from_slack(runtime: Runtime, slack: FakeSlack) -> None:
    _directory(runtime, slack, "U1")
    assert ("Mette Hansen", "mette.h") in people.all_names(runtime.db)
    assert ("Per Holm", None) in people.all_names(runtime.db)
    assert "birk" not in comment_masking.directory(runtime).owners  # read once, then kept in memory
    slack.user("UBIRK", real_name="Birk Nielsen")  # someone new, and a new name replacing an old one
    slack.user("UMETTE", real_name="Mette Hansen-Berg")
    directory.sweep(runtime)
    names = people.all_names(runtime.db)
    assert ("Mette Hansen-Berg", None) in names and ("Mette Hansen", "mette.h") not in names
    known = comment_masking.directory(runtime)
    assert {"birk", "hansen-berg"} <= set(known.owners) and "mette.h" not in known.handles


def test_the_preview_stores_nothing_and_send_stores_only_the_masked_text(runtime: Runtime, slack: FakeSlack) -> None:
    _directory(runtime, slack, *MEMBERS)
    rid = _round(runtime, MEMBERS)
    comment = "Mette said Per Holm was wrong; write to mette@acme.dk or ring 12 34 56 78"
    p = answers.preview(runtime, rid, "U1", WELL_BEING, _values(comment))
    assert isinstance(p, answers.Preview)
    masked = "[a colleague] said [a colleague] was wrong; write to [an e-mail address] or ring [a phone number]"
    assert {a.step_id: a.text for a in p.answers}["workload"] == masked
    assert p.masked == {"name": 2, "email": 1, "phone": 1, "id": 0}
    assert (p.anonymous, p.threshold, p.answered, p.invited) == (True, 5, 1, 5)  # counting this person
    declined = _values()
    declined["influence"]["rating"] = fe.DECLINED
    shown = answers.preview(runtime, rid, "U1", WELL_BEING, declined)
    assert isinstance(shown, answers.Preview)
    assert "rather not say: counted apart" in json.dumps(preview_modal(shown, "en"))
    assert round_store.counts(runtime.db, rid) == (0, 5) and not round_store.responses(runtime.db, rid)

    assert answers.submit(runtime, rid, "U1", WELL_BEING, p.values) == answers.Stored(rid)
    [(_, stored)] = round_store.responses(runtime.db, rid)
    assert {a.step_id: a.text for a in stored}["workload"] == masked
    # Re-answering: the person is counted once.
    again = answers.preview(runtime, rid, "U1", WELL_BEING, _values("fine now"))
    assert isinstance(again, answers.Preview) and again.answered == 1


def test_submit_masks_even_without_a_preview_and_local_free_text_too(runtime: Runtime, slack: FakeSlack) -> None:
    _directory(runtime, slack, *MEMBERS)
    local = LocalQuestion(kind="text", text=Text(en="What happened at the launch?", da="Hvad skete der?"))
    rid = _round(runtime, MEMBERS, adaptation=Adaptation(local=[local]))
    values = _values("Mettes plan")
    values["local_1"] = {"text": "Ask mette.h, she was there"}
    assert answers.submit(runtime, rid, "U1", [*WELL_BEING, "local_1"], values) == answers.Stored(rid)
    [(_, stored)] = round_store.responses(runtime.db, rid)
    texts = {a.step_id: a.text for a in stored}
    assert texts["workload"] == "[a colleague's] plan" and texts["local_1"] == "Ask [a colleague], she was there"


def test_the_preview_shows_ratings_as_one_of_many_and_nothing_below_the_threshold(
    runtime: Runtime, slack: FakeSlack
) -> None:
    _directory(runtime, slack, *MEMBERS)
    big, small, named = _round(runtime, MEMBERS), _round(runtime, MEMBERS[:3]), _round(runtime, MEMBERS[:2], False)
    for rid, locale in ((big, "en"), (small, "en"), (named, "da")):
        p = answers.preview(runtime, rid, "U1", WELL_BEING, _values("Mette is great"))
        assert isinstance(p, answers.Preview)
        view = preview_modal(p, locale)
        assert view is not None and view["callback_id"] == "answer_send" and check_view(view) == []
        shown = json.dumps(view["blocks"], ensure_ascii=False)
        assert "Mette" not in shown
        if rid == big:
            assert "[a colleague] is great" in shown and "one of the ratings counted" in shown
            assert "So far 1 of 5 have answered" in shown
        elif rid == small:  # three people: the lead will never see any of it, so nothing of it is shown
            assert "Only 3 people are in this round" in shown
            assert "[a colleague]" not in shown and "rating" not in shown.replace("ratings", "")
        else:
            assert (
                "*med navne*" in shown and "med dit navn" in shown and "[a colleague] is great" in shown
            )  # U1 writes en
            assert view["submit"]["text"] == "Send" and view["close"]["text"] == "Tilbage"
        assert read_preview(view) == (rid, WELL_BEING, p.values)


def test_long_comments_travel_compressed_and_too_long_ones_are_refused(runtime: Runtime, slack: FakeSlack) -> None:
    _directory(runtime, slack, *MEMBERS)
    rid = _round(runtime, MEMBERS)
    words = "The rota changes every week and nobody explains why, which makes planning at home hard. "
    values = _values(words * 30)
    values["meaning"]["text"] = words * 20
    p = answers.preview(runtime, rid, "U1", WELL_BEING, values)
    assert isinstance(p, answers.Preview)
    view = preview_modal(p, "en")
    assert view is not None and len(view["private_metadata"]) <= METADATA_MAX and check_view(view) == []
    assert view["private_metadata"].startswith("z:") and read_preview(view)[2] == p.values
    noise = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(fe.MAX_TEXT))  # text that does not compress
    values = {s: {"rating": "3", "text": noise} for s in WELL_BEING}
    p = answers.preview(runtime, rid, "U1", WELL_BEING, values)
    assert isinstance(p, answers.Preview) and preview_modal(p, "en") is None
    # Typed text stays text in the preview: a broadcast or a link cannot fire from it.
    hostile = "<!channel> <https://evil.example|click> *bold* " * 60
    hostile_values: dict[str, dict[str, str | None]] = {s: {"rating": "3", "text": hostile} for s in WELL_BEING[:2]}
    p = answers.preview(runtime, rid, "U1", WELL_BEING[:2], hostile_values)
    assert isinstance(p, answers.Preview)
    view = preview_modal(p, "en")
    assert view is not None and check_view(view) == [] and "<!channel>" not in json.dumps(view["blocks"])


def test_send_after_the_round_closed_stores_nothing(runtime: Runtime, slack: FakeSlack) -> None:
    _directory(runtime, slack, *MEMBERS)
    rid = _round(runtime, MEMBERS)
    p = answers.preview(runtime, rid, "U1", WELL_BEING, _values("late"))
    assert isinstance(p, answers.Preview)
    round_store.close_round(runtime.db, rid, runtime.clock.now())
    outcome = answers.submit(runtime, rid, "U1", WELL_BEING, p.values)
    assert isinstance(outcome, answers.Refused) and "closed" in outcome.why
    assert not round_store.responses(runtime.db, rid)


def test_someone_else_sending_a_preview_is_refused_and_back_keeps_the_form(
    bot: Bot, slack: FakeSlack, clock: FakeClock
) -> None:
    slack.people("ULEAD", *MEMBERS, "U9")
    start_round(bot, slack, "ULEAD", MEMBERS, clock.now() + timedelta(days=1))
    form = open_form(bot, slack, "U1")
    values: dict[str, object] = {f"rating__{k}": v for k, v in all_ratings(4, WELL_BEING).items()}
    pushed = bot.submit("U1", form, values)
    assert pushed.json["response_action"] == "push"  # pushed over the form: Slack's Back returns to it as it was
    preview = pushed.json["view"]
    refused = bot.submit("U9", preview, {})  # not a participant
    assert refused.json["response_action"] == "update" and "not a participant" in json.dumps(refused.json)
    forged = bot.submit("U1", dict(preview, private_metadata="z:not base64"), {})
    assert forged.status == 200 and forged.json["response_action"] == "update"  # a polite no, not a 500
    sent = bot.submit("U1", preview, {})
    assert sent.json == {"response_action": "clear"}
    slack.wait_for(lambda: "received" in slack.last_dm("U1").all_text, what="U1's receipt")


def test_an_experience_shared_with_hr_is_masked_too(bot: Bot, slack: FakeSlack, server: Server) -> None:
    slack.user("U1", locale="da-DK")
    slack.user("UMETTE", real_name="Mette Hansen")
    directory.sweep(server.rt)
    bot.slash("U1", "share")
    view = slack.wait_for(lambda: [v for u, v in slack.views if u == "U1" and v["callback_id"] == "share_submit"])[-1]
    shared = bot.submit(
        "U1", view, {"dialogue": "leadership", "text__worked": "Mette Hansen lyttede", "anonymous": "yes"}
    )
    assert shared.status == 200 and shared.json["response_action"] == "update"
    with server.rt.db.engine.connect() as c:
        assert c.execute(text("SELECT worked FROM experience")).scalar_one() == "[en kollega] lyttede"
