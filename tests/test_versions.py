"""Versions of a concept: stored the first time a round uses one, refused when changed in place, the old wording
kept for old rounds, trends across versions over shared steps only, `flows diff`, and the published schema."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import jsonschema
import yaml

from bot.core.clock import FakeClock
from bot.core.runtime import Runtime
from bot.entrypoints.composition import build_runtime, check_versions
from bot.entrypoints.demo import hold_campaign
from bot.outbound.blocks.summaries import summary_messages
from bot.services import campaign_results, campaigns, org, rounds, summaries
from bot.services.flow_versions import remember
from doubles.fake_slack import FakeSlack
from doubles.settings import settings_for
from flows import engine as fe
from flows.loader import BUILTIN_DIR, FlowError, flow_files
from flows.schema import SCHEMA_FILE, schema, schema_text
from storage import campaigns as campaign_store
from storage import flow_versions, people
from storage import rounds as round_store
from tests.test_cli import run_cli

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
OLD, NEW = "theme: {en: Workload, da: Arbejdsmængde}", "theme: {en: Amount of work, da: Mængden af arbejde}"


def flows_dir(tmp_path: Path, name: str, change: tuple[str, str] | None = None, version: int | None = None) -> Path:
    """A copy of the built-in flows, with well_being.yaml changed."""
    folder = tmp_path / name
    shutil.copytree(BUILTIN_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.json"))
    path = folder / "well_being.yaml"
    text = path.read_text()
    if change:
        text = text.replace(*change)
    if version:
        text = text.replace("version: 1", f"version: {version}")
    path.write_text(text)
    return folder


def start(rt: Runtime, people_: list[str]) -> int:
    setup = rounds.Setup("well_being", people_, None, NOW + timedelta(days=1), "all_now", True)
    rnd = rounds.create(rt, "ULEAD", setup, "en", None)
    assert rnd is not None and rnd.id is not None
    return rnd.id


def test_a_used_version_changed_in_place_is_refused_naming_file_and_steps(
    slack: FakeSlack, clock: FakeClock, sqlite_url: str, tmp_path: Path
) -> None:
    rt = build_runtime(settings_for(slack, sqlite_url), clock)
    start(rt, ["U1"])
    stored = flow_versions.get(rt.db, "well_being", 1)
    assert stored is not None and json.loads(stored.content)["steps"][0]["theme"]["en"] == "Workload"
    edited = flows_dir(tmp_path, "edited", (OLD, NEW))
    try:
        check_versions(build_runtime(settings_for(slack, sqlite_url, flows_dir=edited), clock, db=rt.db))
        raise AssertionError("the edited file was accepted")
    except FlowError as e:
        assert f"{edited / 'well_being.yaml'}: version 1 of 'well_being' was used by rounds" in str(e)
        assert "(changed: 'workload')" in str(e) and "raise 'version' to 2" in str(e)
    env = {"DATABASE_URL": sqlite_url, "FLOWS_DIR": str(edited)}
    r = run_cli("flows", "check", env=env)  # without a path: FLOWS_DIR, as the bot would
    assert r.returncode == 1 and "(changed: 'workload')" in r.stderr
    bumped = flows_dir(tmp_path, "bumped", (OLD, NEW), version=2)
    assert run_cli("flows", "check", env={**env, "FLOWS_DIR": str(bumped)}).returncode == 0
    check_versions(build_runtime(settings_for(slack, sqlite_url, flows_dir=bumped), clock, db=rt.db))  # fine
    diff = run_cli("flows", "diff", "well_being@1", str(bumped / "well_being.yaml"), env=env)
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout.splitlines() == [
        "Well-being Dialogue (well_being): version 1 → version 2",
        "~ Step 1 “Amount of work” (workload) changes:",
        "    Theme (English): “Workload” → “Amount of work”",
        "    Theme (Danish): “Arbejdsmængde” → “Mængden af arbejde”",
    ]
    assert diff.stderr == ""  # the same kind of step on the same scale: nothing to warn about
    rt.shutdown()


def test_a_round_keeps_its_versions_wording_after_the_file_changes(
    slack: FakeSlack, clock: FakeClock, sqlite_url: str, tmp_path: Path
) -> None:
    rt = build_runtime(settings_for(slack, sqlite_url), clock)
    members = [f"U{i}" for i in range(5)]
    rid = start(rt, members)
    for u in members:
        round_store.save_response(rt.db, rid, u, [fe.Answer("workload", 3, "ok")], NOW)
    rt.shutdown()
    later = build_runtime(settings_for(slack, sqlite_url, flows_dir=flows_dir(tmp_path, "v2", (OLD, NEW), 2)), clock)
    assert later.flows["well_being"].steps[0].theme.en == "Amount of work"
    rnd = round_store.get_round(later.db, rid)
    assert rnd is not None
    flow = rounds.flow_of(later, rnd)
    assert flow.version == 1 and flow.steps[0].theme.en == "Workload"
    text = json.dumps(summary_messages(flow, summaries.build_summary(later, rnd), "en"))
    assert "Workload" in text and "Amount of work" not in text
    later.shutdown()


def test_trend_across_versions_uses_only_the_steps_both_share(
    slack: FakeSlack, clock: FakeClock, sqlite_url: str, tmp_path: Path
) -> None:
    rt = build_runtime(settings_for(slack, sqlite_url), clock)
    people.save_many(rt.db, [people.Profile("UL", "en", None, False, True, NOW, email="l@x.example")])
    org.import_file(rt.db, b"unit,parent,email,role\nTeam,,l@x.example,lead\n", NOW, "cli", "org.csv")
    answers = [fe.Answer("workload", 2), fe.Answer("influence", 3)]

    def held(runtime: Runtime, starts: date) -> int:
        """A campaign for Team on the runtime's version of the concept, six answers, closed."""
        flow = runtime.flows["well_being"]
        remember(runtime, flow)
        launch = campaigns.Launch("well_being", ["Team"], False, starts, starts + timedelta(days=30))
        started = campaigns.start(runtime.db, runtime.flows, "UHR", launch, starts, NOW).campaign
        assert started is not None and started.id is not None
        people_ = {f"P{i}": answers for i in range(6)}
        hold_campaign(runtime.db, started.id, lambda _u: people_, NOW, starts, flow_version=flow.version)
        return started.id

    held(rt, date(2024, 3, 1))
    rt.shutdown()
    v2 = build_runtime(settings_for(slack, sqlite_url, flows_dir=flows_dir(tmp_path, "v2", (OLD, NEW), 2)), clock)
    cid = held(v2, date(2026, 3, 1))
    campaign = campaign_store.get(v2.db, cid)
    assert campaign is not None
    results = campaign_results.compute(v2.db, v2.flows, campaign, 5)
    assert ("Team", "influence") in results.previous  # the same in both versions
    assert ("Team", "workload") not in results.previous  # reworded in version 2: no trend
    v2.shutdown()


def test_the_published_schema_is_the_models_and_accepts_every_built_in_flow() -> None:
    assert json.loads(SCHEMA_FILE.read_text()) == schema(), (
        "regenerate: dialogue-bot flows schema --out flows/flow.schema.json"
    )
    assert SCHEMA_FILE.read_text() == schema_text()
    validator = jsonschema.Draft202012Validator(schema())
    for path in flow_files(BUILTIN_DIR):
        assert not list(validator.iter_errors(yaml.safe_load(path.read_text()))), path
    bad = yaml.safe_load((BUILTIN_DIR / "well_being.yaml").read_text())
    bad["steps"][0]["rating"]["scale"] = 1
    bad["local_questions"] = 9
    assert len(list(validator.iter_errors(bad))) == 2
