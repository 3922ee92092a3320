"""The adversary of issue 21: random organisations, rounds closing in random order with results read between the
closes, a re-import that moves a sub-unit, HR and leads inside rounds, the answers export (in the bot and on the
command line), the leads' summaries — and not one group of fewer than the threshold can be worked out from all of
it, on SQLite and PostgreSQL. With the release ledger turned off, the same adversary finds such groups."""

from __future__ import annotations

from pathlib import Path

from storage.db import Database
from tests.adversary import play, random_world


def seeds(database_url: str) -> range:
    """Three worlds on SQLite, two on PostgreSQL (whose closes wait for the scrub): a few seconds each."""
    return range(3) if database_url.startswith("sqlite") else range(2)


def test_nothing_smaller_than_the_threshold_can_be_worked_out_from_everything_released(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    for seed in seeds(database_url):
        world = play(random_world(db, database_url, seed), seed, tmp_path, cli_too=seed == 0)
        assert world.seen, "the adversary saw nothing: the test would prove nothing"
        assert not world.leaks(), (seed, world.leaks()[:3])
        _empty(db)


def test_without_the_ledger_the_adversary_finds_small_groups(db: Database, database_url: str, tmp_path: Path) -> None:
    leaked = []
    for seed in seeds(database_url):
        world = play(random_world(db, database_url, seed, ledger=False), seed, tmp_path)
        leaked += world.leaks()
        _empty(db)
    assert leaked, "with each release decided on its own, some small group should show"


def _empty(db: Database) -> None:
    """A fresh organisation for the next seed, in the same database."""
    from sqlalchemy import text

    with db.engine.begin() as c:
        for table in (
            "release",
            "answer",
            "response",
            "participant",
            "delivery",
            "planned",
            "campaign_member",
            "campaign_unit",
        ):
            c.execute(text(f'DELETE FROM "{table}"'))
        c.execute(text('DELETE FROM "round"'))
        c.execute(text('DELETE FROM "campaign"'))
        c.execute(text('DELETE FROM "unit_member"'))
        c.execute(text('UPDATE "unit" SET parent_id = NULL'))
        c.execute(text('DELETE FROM "unit"'))
        c.execute(text('DELETE FROM "person"'))
        c.execute(text('DELETE FROM "audit"'))
