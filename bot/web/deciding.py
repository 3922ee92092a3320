"""The dashboard's pages for deciding where to act: the results heatmap (reference, sorting, participation) and
each unit's own page (their routes: bot.web.campaigns). Rendering only; the numbers come from
bot.services.campaign_results, bot.services.unit_report and bot.services.progress_tree."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from babel.numbers import format_percent
from flask import g, render_template

from bot.core.i18n import decimal
from bot.core.runtime import Runtime
from bot.services import campaign_results, campaigns, progress_tree, unit_report
from bot.services.campaign_results import Results, label
from bot.web import heatmap

if TYPE_CHECKING:  # the rows' types only: the edge reads the database through services
    from storage.models import Campaign, Round

View = tuple[str, str | None, bool]  # (reference, theme sorted by, descending)
BAR = ("#b35806", "#f1a340", "#f7f7f7", "#998ec3", "#542788")  # a distribution's 1…5, the heatmap's scale


class Computed:
    """Results computed for the pages, kept until their campaign's (and the previous one's) closed rounds or
    responses change — the same rule as the rendered results pages; HR's home and the unit pages ask often."""

    def __init__(self, rt: Runtime, size: int = 16):
        self.rt, self.size = rt, size
        self.kept: OrderedDict[tuple, Results] = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, campaign: Campaign, receiver: str | None = None, hr: bool = True, trend: bool = True) -> Results:
        assert campaign.id is not None
        before = campaigns.previous(self.rt, campaign) if trend else None
        ids = [campaign.id] + ([before.id] if before is not None and before.id is not None else [])
        key = (campaign.id, receiver, hr, trend, campaigns.fingerprint(self.rt, ids))
        with self.lock:
            if key in self.kept:
                self.kept.move_to_end(key)
                return self.kept[key]
        threshold = self.rt.settings.anonymity_threshold
        now = self.rt.clock.now()
        found = campaign_results.compute(self.rt.db, self.rt.flows, campaign, threshold, receiver, hr, trend, now=now)
        with self.lock:
            self.kept[key] = found
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)
        return found


def view_of(args: Mapping[str, str], has_previous: bool) -> View:
    """What the reader asked for in the query string; anything else is the default."""
    ref = args.get("ref", heatmap.ORG)
    if ref not in heatmap.REFERENCES or (ref == heatmap.PREVIOUS and not has_previous):
        ref = heatmap.ORG
    return ref, args.get("sort") or None, args.get("dir") == "desc"


def signed(x: float | None, locale: str) -> str:
    """A change as a signed number in the locale (+0.3 / −0,2)."""
    if x is None:
        return ""
    text = decimal(abs(x), locale)
    if text in (decimal(0.0, locale),):
        return "±" + text
    return ("+" if x > 0 else "−") + text


def percent(x: float | None, locale: str) -> str:
    return format_percent(x, locale=locale) if x is not None else "—"


def unit_ids(rt: Runtime, campaign_id: int | None) -> dict[str, int]:
    return unit_report.unit_ids(rt.db, campaign_id) if campaign_id is not None else {}


def names_of(rt: Runtime, user_ids: list[str]) -> dict[str, str]:
    return unit_report.names_of(rt.db, user_ids)


SLACK_ID = re.compile(r"\b[UW][A-Z0-9]{2,}\b")


def audit_names(rt: Runtime, entries: list[Any]) -> dict[str, str]:
    """Names for the Slack ids in audit entries: who acted, and whom a detail mentions."""
    ids = {e.actor for e in entries} | {m for e in entries for m in SLACK_ID.findall(e.detail or "")}
    return names_of(rt, sorted(ids))


def with_names(text: str, names: Mapping[str, str]) -> str:
    """A detail with the Slack ids it mentions replaced by names."""
    return SLACK_ID.sub(lambda m: names.get(m.group(0), m.group(0)), text)


def unit_of(rt: Runtime, rnd: Round) -> str | None:
    """The name of the unit a campaign's round belongs to (None for a lead's own round)."""
    return unit_report.unit_name(rt.db, rnd.unit_id) if rnd.unit_id is not None else None


def bar(counts: tuple[int, ...], width: int = 220, height: int = 18) -> list[tuple[float, float, str, int]]:
    """A stacked bar's segments: (x, width, colour, count) for each value with answers."""
    total = sum(counts) or 1
    out, x = [], 0.0
    for i, c in enumerate(counts):
        if c:
            w = width * c / total
            out.append((round(x, 2), round(w, 2), BAR[min(i, len(BAR) - 1)], c))
            x += w
    return out


def participation(rt: Runtime, campaign: Campaign) -> dict[str, tuple[int, int]]:
    """Each unit's answered and invited, rolled up (HR's column; it changes while rounds run, so it is part of
    the rendered page's key)."""
    assert campaign.id is not None
    today = rt.clock.now().astimezone(rt.settings.tz).date()
    return progress_tree.participation(progress_tree.tree(rt.db, campaign.id, today, groups=False))


def render_results(
    rt: Runtime,
    campaign: Campaign,
    found: Results,
    view: View,
    participation: dict[str, tuple[int, int]] | None,
) -> str:
    ref, sort, descending = view
    ids = unit_ids(rt, campaign.id)
    rows = heatmap.rows(found, ref, ids, participation, sort, descending)
    return render_template(
        "results.html",
        campaign=campaign,
        results=found,
        rows=rows,
        ref=ref,
        sort=sort if sort in found.steps else None,
        descending=descending,
        has_previous=bool(found.previous) or campaigns.previous(rt, campaign) is not None,
        legend=heatmap.legend(),
        label=label,
        signed=lambda x: signed(x, g.locale),
        percent=lambda x: percent(x, g.locale),
    )
