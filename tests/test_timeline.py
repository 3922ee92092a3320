"""Working hours, holidays and DST, checked on known dates in Copenhagen, New York and Tokyo."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from flows.timeline import WorkingHours, holidays_of, paced_times, reminder_times, unlocked_count

CPH, NYC, TYO = ZoneInfo("Europe/Copenhagen"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo")
DK = WorkingHours(time(9), time(15, 30), holidays_of("DK"))


def local(t: datetime, tz: ZoneInfo) -> str:
    return t.astimezone(tz).strftime("%a %Y-%m-%d %H:%M")


def test_next_open_skips_evenings_weekends_and_danish_holidays() -> None:
    # Wednesday 13 May 2026, 16:00 in Copenhagen; Thursday 14 May is Kristi Himmelfartsdag.
    t = datetime(2026, 5, 13, 16, tzinfo=CPH)
    assert local(DK.next_open(t, CPH), CPH) == "Fri 2026-05-15 09:00"
    assert local(DK.next_open(datetime(2026, 5, 16, 10, tzinfo=CPH), CPH), CPH) == "Mon 2026-05-18 09:00"
    inside = datetime(2026, 5, 12, 11, 15, tzinfo=CPH)
    assert DK.next_open(inside, CPH) == inside


@pytest.mark.parametrize(
    "tz, start, expected",
    [
        # EU DST starts Sunday 29 March 2026: still 09:00 local on Friday before and Monday after.
        (
            CPH,
            datetime(2026, 3, 26, 12, tzinfo=UTC),
            ["Thu 2026-03-26 13:00", "Fri 2026-03-27 09:00", "Mon 2026-03-30 09:00", "Tue 2026-03-31 09:00"],
        ),
        # EU DST ends Sunday 25 October 2026.
        (
            CPH,
            datetime(2026, 10, 22, 6, tzinfo=UTC),
            ["Thu 2026-10-22 09:00", "Fri 2026-10-23 09:00", "Mon 2026-10-26 09:00", "Tue 2026-10-27 09:00"],
        ),
        # US DST starts Sunday 8 March 2026 (New York); the Danish holiday calendar is the organisation's.
        (
            NYC,
            datetime(2026, 3, 5, 22, tzinfo=UTC),
            ["Fri 2026-03-06 09:00", "Mon 2026-03-09 09:00", "Tue 2026-03-10 09:00", "Wed 2026-03-11 09:00"],
        ),
        # Tokyo has no DST; a start at 16:00 there waits for the next morning.
        (
            TYO,
            datetime(2026, 5, 12, 7, tzinfo=UTC),
            ["Wed 2026-05-13 09:00", "Fri 2026-05-15 09:00", "Mon 2026-05-18 09:00", "Tue 2026-05-19 09:00"],
        ),
    ],
)
def test_paced_themes_land_at_the_start_of_each_working_day_across_dst(
    tz: ZoneInfo, start: datetime, expected: list[str]
) -> None:
    times = paced_times(start, 4, tz, DK)
    assert [local(t, tz) for t in times] == expected
    assert all(DK.contains(t, tz) for t in times)
    assert len(set(times)) == 4


def test_utc_offsets_really_change_across_dst_but_local_time_does_not() -> None:
    before, after = paced_times(datetime(2026, 3, 27, 7, tzinfo=UTC), 2, CPH, DK)
    assert before.hour == 8 and after.hour == 7  # UTC: 09:00 CET = 08:00Z, 09:00 CEST = 07:00Z


def test_reminders_half_way_and_on_the_last_working_day_before_the_deadline() -> None:
    start = datetime(2026, 5, 4, 9, tzinfo=CPH)  # Monday
    deadline = datetime(2026, 5, 15, 12, tzinfo=CPH)  # Friday after Kristi Himmelfartsdag
    times = reminder_times(start, deadline, CPH, DK, 2)
    assert [local(t, CPH) for t in times] == ["Mon 2026-05-11 09:00", "Wed 2026-05-13 09:00"]  # Thu is a holiday
    assert reminder_times(start, deadline, CPH, DK, 1) == times[:1]
    assert reminder_times(start, deadline, CPH, DK, 0) == []


def test_short_rounds_get_no_reminder_squeezed_in() -> None:
    start = datetime(2026, 5, 4, 9, tzinfo=CPH)
    assert reminder_times(start, start + timedelta(hours=1), CPH, DK, 2) == []
    two_days = reminder_times(start, start + timedelta(days=1, hours=3), CPH, DK, 2)
    assert all(t - start >= timedelta(hours=2) for t in two_days) and len(two_days) == 1


def test_unlocked_count_follows_the_persons_own_time_zone() -> None:
    start = datetime(2026, 5, 4, 8, tzinfo=UTC)  # Monday: 10:00 in Copenhagen, 04:00 in New York
    assert unlocked_count(start, 7, start, CPH, DK) == 1
    assert unlocked_count(start, 7, start + timedelta(days=1, hours=1), CPH, DK) == 2
    assert unlocked_count(start, 7, start + timedelta(hours=4), NYC, DK) == 1  # 08:00 NY: before the window
    assert unlocked_count(start, 7, start + timedelta(days=30), TYO, DK) == 7
