"""The upcoming workshops as data (bot.services.workshops.listing / upcoming): who is registered and who waits,
who holds a place, seats left — the one answer Slack's list and the dashboard's page both render."""

from __future__ import annotations

import json

from bot.core.runtime import Runtime
from bot.outbound.blocks import workshops as workshop_views
from bot.services import workshops
from doubles.scenario import make_workshop
from storage import roles
from storage.status import RegistrationOutcome, SeatStatus


def test_the_upcoming_workshops_are_data_that_each_edge_renders(runtime: Runtime) -> None:
    rt = runtime
    now = rt.clock.now()
    roles.seed(rt.db, {"UHR"}, now)
    w = make_workshop(rt.db, now=now, capacity=1)
    assert [workshops.register(rt, w.id, u).status for u in ("UA", "UB", "UC")] == [
        RegistrationOutcome.REGISTERED,
        RegistrationOutcome.WAITLISTED,
        RegistrationOutcome.WAITLISTED,
    ]
    left, promoted = workshops.leave(rt, w.id, "UC")
    assert left is not None and left.status == SeatStatus.CANCELLED and promoted is None
    # no workshop named: nothing is stored
    assert workshops.register(rt, None, "UA").status == RegistrationOutcome.UNKNOWN
    assert workshops.leave(rt, None, "UA") == (None, None)

    found = workshops.listing(rt, "UHR")
    assert found.hr and found.user_id == "UHR" and found.locale
    [item] = found.workshops
    assert item.workshop.id == w.id
    assert (item.registered, item.waiting) == (["UA"], ["UB"])  # UC left: neither list, no place held
    assert item.holders == {"UA", "UB"} and item.seats_left == 0 and item.calendar_failed == 0
    assert not workshops.listing(rt, "UB").hr
    assert [i.registered for i in workshops.upcoming(rt)] == [["UA"]]  # the dashboard's page reads the same

    # Slack renders it: HR sees who is registered and waiting, and can edit; UB, on the waitlist, can leave.
    for_hr = json.dumps(workshop_views.listing(found))
    assert "<@UA>" in for_hr and "<@UB>" in for_hr and workshop_views.EDIT in for_hr
    for_ub = workshop_views.listing(workshops.listing(rt, "UB"))
    buttons = [e["action_id"] for b in for_ub if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [workshop_views.LEAVE]
    for_uc = workshop_views.listing(workshops.listing(rt, "UC"))
    assert [e["action_id"] for b in for_uc if b["type"] == "actions" for e in b["elements"]] == [
        workshop_views.REGISTER
    ]

    # Only an open workshop is HR's to edit; cancelled, it is neither editable nor upcoming.
    assert w.id is not None
    assert workshops.editable(rt, w.id) is not None and workshops.editable(rt, None) is None
    assert workshops.cancel_by(rt, "UHR", w.id)
    assert workshops.editable(rt, w.id) is None and workshops.upcoming(rt) == []
