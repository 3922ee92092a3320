"""When things happen to a person: inside their working window, on working days, in their own time zone.

Plain functions over aware datetimes. Local wall-clock times are built per date (`datetime.combine` with
the zone), so a DST change never shifts a 09:00 send to 08:00 or 10:00, and never sends twice.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

QUIET_GAP = timedelta(hours=2)  # no reminder within this long after the previous message to a person


@dataclass(frozen=True)
class WorkingHours:
    start: time = time(9, 0)
    end: time = time(15, 30)
    is_holiday: Callable[[date], bool] = field(default=lambda d: False)

    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and not self.is_holiday(d)

    def window(self, d: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """The day's window as aware UTC instants (09:00 local stays 09:00 local across DST)."""
        return (
            datetime.combine(d, self.start, tzinfo=tz).astimezone(UTC),
            datetime.combine(d, self.end, tzinfo=tz).astimezone(UTC),
        )

    def contains(self, t: datetime, tz: ZoneInfo) -> bool:
        local = t.astimezone(tz)
        if not self.is_working_day(local.date()):
            return False
        lo, hi = self.window(local.date(), tz)
        return lo <= t < hi

    def next_open(self, t: datetime, tz: ZoneInfo) -> datetime:
        """The earliest instant at or after `t` inside someone's working window."""
        d = t.astimezone(tz).date()
        for _ in range(400):
            if self.is_working_day(d):
                lo, hi = self.window(d, tz)
                if t < hi:
                    return max(t, lo)
            d += timedelta(days=1)
        raise ValueError("no working day within 400 days; check the holiday calendar")

    def next_day_start(self, t: datetime, tz: ZoneInfo) -> datetime:
        """The start of the first working day after `t`'s local date."""
        d = t.astimezone(tz).date() + timedelta(days=1)
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return self.window(d, tz)[0]


def paced_times(start: datetime, n: int, tz: ZoneInfo, hours: WorkingHours) -> list[datetime]:
    """One theme per working day: the first as soon as the person's window is open, then each next working
    day at the start of their window."""
    if n <= 0:
        return []
    times = [hours.next_open(start, tz)]
    while len(times) < n:
        times.append(hours.next_day_start(times[-1], tz))
    return times


def reminder_times(start: datetime, deadline: datetime, tz: ZoneInfo, hours: WorkingHours, cap: int) -> list[datetime]:
    """Up to `cap` gentle reminders, spread over the round: half-way, and the start of the last working day
    before the deadline's day — each inside the window, before the deadline, and 2 hours apart."""
    if cap <= 0 or deadline <= start:
        return []
    candidates = [hours.next_open(start + (deadline - start) / 2, tz)]
    d = deadline.astimezone(tz).date() - timedelta(days=1)
    while d > start.astimezone(tz).date() and not hours.is_working_day(d):
        d -= timedelta(days=1)
    if d > start.astimezone(tz).date():
        candidates.append(hours.window(d, tz)[0])
    out: list[datetime] = []
    for t in sorted(candidates):
        if start + QUIET_GAP <= t < deadline and all(abs(t - o) >= QUIET_GAP for o in out):
            out.append(t)
    return out[:cap]


def unlocked_count(start: datetime, n: int, now: datetime, tz: ZoneInfo, hours: WorkingHours) -> int:
    """How many paced themes a person can answer now (at least the first, so nobody meets an empty form)."""
    return max(1, sum(1 for t in paced_times(start, n, tz, hours) if t <= now))


def holidays_of(country: str) -> Callable[[date], bool]:
    """Public holidays of a country (ISO code) from the `holidays` package; '' means none."""
    if not country:
        return lambda d: False
    import holidays

    calendar = holidays.country_holidays(country)
    return functools.lru_cache(maxsize=4096)(calendar.__contains__)  # asked for every send: remember the days
