"""The `dialogue-bot` command: serve, worker, migrate, export, erase, retention, flows check."""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NoReturn

import click

from bot.composition import StartupError
from bot.settings import DatabaseSettings, SettingsError, load_settings
from flows.loader import BUILTIN_DIR, FlowError, flow_files, load_flow, load_flows, load_flows_from
from flows.model import Flow
from storage.db import Database
from storage.exports import WHAT, Period, describe
from storage.models import Campaign


def _settings(cls=None):
    try:
        return load_settings(cls) if cls else load_settings()
    except SettingsError as e:
        click.echo(f"dialogue-bot cannot start:\n{e}", err=True)
        sys.exit(2)


@click.group()
@click.option(
    "--log-level",
    envvar="LOG_LEVEL",
    default="INFO",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
    help="DEBUG, INFO, WARNING or ERROR (or LOG_LEVEL)",
)
def main(log_level: str) -> None:
    """Run an organisation's structured dialogues about work life in Slack."""
    level = log_level.upper()
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if level != "DEBUG":  # INFO stays quiet: APScheduler would log every 15-second sweep
        logging.getLogger("apscheduler").setLevel(logging.WARNING)


@main.command()
@click.option("--port", type=int, default=None, help="Overrides PORT (default 3000).")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--no-scheduler", is_flag=True, help="Web only; run `dialogue-bot worker` for the scheduler.")
def serve(port: int | None, host: str, no_scheduler: bool) -> None:
    """Serve POST /slack/events and GET /healthz (or Socket Mode when SLACK_APP_TOKEN is set)."""
    settings = _settings()
    from bot.server import Server

    try:
        server = Server(settings, host=host, port=port, scheduler=not no_scheduler)
    except FlowError as e:
        _invalid_flows(e)
    except StartupError as e:
        _cannot_start(e)
    server.run_forever()


@main.command()
def worker() -> None:
    """Run only the scheduler and its deliveries (no HTTP); several may run, one acts at a time."""
    settings = _settings()
    from bot.worker import Worker

    try:
        w = Worker(settings)
    except FlowError as e:
        _invalid_flows(e)
    except StartupError as e:
        _cannot_start(e)
    w.run_forever()


def _invalid_flows(e: FlowError) -> NoReturn:
    click.echo(f"dialogue-bot cannot start: invalid flow file(s):\n{e}", err=True)
    sys.exit(2)


def _cannot_start(e: Exception) -> NoReturn:
    click.echo(f"dialogue-bot cannot start: {e}", err=True)
    sys.exit(2)


@main.command()
def migrate() -> None:
    """Bring the database schema (DATABASE_URL) up to date."""
    settings = _settings(DatabaseSettings)
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    click.echo("database is up to date")


def _now() -> datetime:
    return datetime.now(UTC)


@main.command("export")
@click.argument("what_arg", metavar="[WHAT]", required=False, type=click.Choice(WHAT))
@click.option("--what", "what_opt", type=click.Choice(WHAT), default=None, help="The same as WHAT.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="YYYY-MM-DD")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="YYYY-MM-DD, inclusive")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option(
    "--out", type=click.Path(path_type=Path, dir_okay=False), default=None, help="File to write; CSV without it: stdout"
)
@click.option("--round", "round_id", type=int, default=None, help="Only this round (answers).")
def export_cmd(
    what_arg: str | None,
    what_opt: str | None,
    since: datetime | None,
    until: datetime | None,
    fmt: str,
    out: Path | None,
    round_id: int | None,
) -> None:
    """Export WHAT — answers, experiences, actions, workshops or audit — (never names of anonymous answers),
    e.g. `dialogue-bot export workshops` or `dialogue-bot export --what answers --format xlsx --out a.xlsx`."""
    if what_arg and what_opt and what_arg != what_opt:
        raise click.UsageError(f"say what to export once: {what_arg!r} or --what {what_opt!r}")
    what = what_arg or what_opt
    if what is None:
        raise click.UsageError(f"say what to export: dialogue-bot export WHAT, one of {', '.join(WHAT)}")
    if out is None and fmt == "xlsx":
        raise click.UsageError("an XLSX export needs a file: add --out FILE.xlsx")
    settings = _settings(DatabaseSettings)
    from bot.export import export
    from storage import audit

    db = Database(settings.database_url, settings.answer_key_bytes)
    found = load_flows(settings.flows_dir) if settings.flows_dir else load_flows()
    period = Period(
        since.replace(tzinfo=UTC) if since else None, (until + timedelta(days=1)).replace(tzinfo=UTC) if until else None
    )
    with tempfile.TemporaryDirectory() as tmp:
        target = out or Path(tmp) / "export.csv"
        n = export(db, found, settings.anonymity_threshold, what, fmt, target, period, round_id)
        audit.record(db, _now(), "cli", f"export.{what}", detail=describe(fmt, period, round_id), rows=n)
        if out is None:  # to the terminal or a pipe, without the BOM that is there for Excel
            with target.open(encoding="utf-8-sig", newline="") as f:
                shutil.copyfileobj(f, sys.stdout)
    click.echo(f"{n} row(s) written to {out or 'stdout'}", err=out is None)


@main.command()
@click.option("--user", "user_id", required=True, help="The Slack user id, e.g. U012AB3CD")
def erase(user_id: str) -> None:
    """Right to erasure: remove a person's identity and identifiable answers; prints what was removed."""
    settings = _settings(DatabaseSettings)
    from storage.privacy import erase_user

    if settings.answer_key_bytes is None:
        click.echo(
            "dialogue-bot cannot erase: finding someone's answers in open anonymous rounds needs the key the bot "
            "uses. Set it with: export ANSWER_KEY=… (or SLACK_SIGNING_SECRET=…, as the bot has them)",
            err=True,
        )
        sys.exit(2)
    removed = erase_user(Database(settings.database_url, settings.answer_key_bytes), user_id, _now())
    for what, n in removed.items():
        click.echo(f"{what}: {n}")
    click.echo(f"erased {user_id}: {sum(removed.values())} record(s) removed or pseudonymised")


@main.command()
def retention() -> None:
    """Run the retention job now (it also runs daily in the scheduler)."""
    settings = _settings(DatabaseSettings)
    from storage.privacy import apply_retention

    removed = apply_retention(Database(settings.database_url), _now(), settings.retention_days)
    for what, n in removed.items():
        click.echo(f"{what}: {n}")


@main.group()
def flows() -> None:
    """Work with flow files."""


@flows.command("check")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def flows_check(path: Path | None) -> None:
    """Validate flow files (a file or a folder; default: FLOWS_DIR when set, as the bot would, else the built-in
    flows) — and, where the database (DATABASE_URL) already exists, refuse a used version changed in place."""
    settings = _settings(DatabaseSettings)
    target = path or settings.flows_dir or BUILTIN_DIR
    if not target.exists():
        click.echo(f"{target}: no such file or folder", err=True)
        sys.exit(1)
    try:
        found, sources = load_flows_from(target)
    except FlowError as e:
        click.echo(str(e), err=True)
        sys.exit(1)
    if _database_exists(settings.database_url):
        from bot import flow_versions

        problems = flow_versions.check_used(Database(settings.database_url), found, sources)
        if problems:
            click.echo(str(FlowError(problems)), err=True)
            sys.exit(1)
    for f in flow_files(target):
        click.echo(f"ok  {f}")
    click.echo(f"{len(found)} flow(s) valid: {', '.join(sorted(found))}")


def _database_exists(url: str) -> bool:
    """An SQLite file that is there, or a PostgreSQL database that answers and has been migrated."""
    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").exists():
        return False
    try:
        db = Database(url)
        return inspect(db.engine).has_table("flow_version")
    except Exception:
        return False


@flows.command("diff")
@click.argument("old")
@click.argument("new")
def flows_diff(old: str, new: str) -> None:
    """What changed between two versions: FILE_OR_ID@V1 FILE_OR_ID@V2 (a file as it is now, or a version
    stored when rounds first used it; an id without @V is the flow file's current version)."""
    settings = _settings(DatabaseSettings)
    a, b = _flow_at(settings, old), _flow_at(settings, new)
    from flows.versions import diff

    click.echo("\n".join(diff(a, b)))


def _flow_at(settings: DatabaseSettings, ref: str) -> Flow:
    from bot.flow_versions import version_of

    name, _, wanted = ref.partition("@")
    version = int(wanted) if wanted.isdigit() else None
    if wanted and version is None:
        click.echo(f"{ref}: the version after @ must be a number", err=True)
        sys.exit(2)
    if Path(name).is_file():
        try:
            flow = load_flow(Path(name))
        except FlowError as e:
            click.echo(str(e), err=True)
            sys.exit(1)
        if version is not None and version != flow.version:
            name = flow.id  # the file holds another version: look for the one asked for among the stored ones
        else:
            return flow
    found = load_flows(settings.flows_dir) if settings.flows_dir else load_flows()
    current = found.get(name)
    if version is None and current is not None:
        return current
    stored = None
    if version is not None and _database_exists(settings.database_url):
        stored = version_of(Database(settings.database_url), found, name, version)
    if stored is None or stored.version != version:
        click.echo(f"{ref}: no such flow file or stored version", err=True)
        sys.exit(1)
    return stored


@flows.command("schema")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None, help="File; default stdout")
def flows_schema(out: Path | None) -> None:
    """The JSON schema of flow files (flows/flow.schema.json is this, kept current by a test)."""
    from flows.schema import schema_text

    if out is None:
        click.echo(schema_text(), nl=False)
    else:
        out.write_text(schema_text(), encoding="utf-8")


@main.group()
def org() -> None:
    """The organisation: units, their leads and members."""


@org.command("import")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--entra", is_flag=True, help="Read departments and manager chains from Entra ID (MS_* settings).")
def org_import(file: Path | None, entra: bool) -> None:
    """Replace the organisation with FILE.csv (unit,parent,email,role) or Entra ID; prints what changed."""
    from bot import org as org_service
    from bot.org_chart import OrgFileError

    if (file is None) == (not entra):
        click.echo("give either FILE.csv or --entra", err=True)
        sys.exit(2)
    if entra:
        settings = _settings()
        if not settings.outlook_enabled:
            click.echo(
                "dialogue-bot cannot read Entra ID: set MS_TENANT_ID, MS_CLIENT_ID and MS_CLIENT_SECRET (the app "
                "registration Outlook uses, with the User.Read.All application permission)",
                err=True,
            )
            sys.exit(2)
        from bot.graph import GraphError, Outlook

        db = Database(settings.database_url)
        try:
            changes = org_service.import_entra(db, Outlook(settings), _now(), "cli")
        except GraphError as e:
            click.echo(f"Entra ID could not be read: {e}", err=True)
            sys.exit(1)
        except OrgFileError as e:
            click.echo(f"Entra ID: nothing was changed:\n{e}", err=True)
            sys.exit(1)
    else:
        assert file is not None
        db = Database(_settings(DatabaseSettings).database_url)
        try:
            changes = org_service.import_file(db, file.read_bytes(), _now(), "cli", file.name)
        except OrgFileError as e:
            click.echo(f"{file}: nothing was changed:\n{e}", err=True)
            sys.exit(1)
    click.echo(changes.describe())


@org.command("show")
def org_show() -> None:
    """The tree of units with counts, and who could not be found in Slack."""
    from bot import org as org_service

    click.echo(org_service.show(Database(_settings(DatabaseSettings).database_url)))


def _db_and_flows(settings: DatabaseSettings) -> tuple[Database, dict[str, Flow]]:
    found = load_flows(settings.flows_dir) if settings.flows_dir else load_flows()
    return Database(settings.database_url, settings.answer_key_bytes), found


def _write_table(header: list[object], rows: list[list[object]], fmt: str, out: Path | None, title: str) -> None:
    """A CSV to stdout (or a file), or an XLSX file: the same writers as `export`, formulas disarmed."""
    from bot.export import write_csv, write_xlsx

    if fmt == "xlsx" and out is None:
        click.echo("an XLSX file needs --out FILE.xlsx", err=True)
        sys.exit(2)
    with tempfile.TemporaryDirectory() as tmp:
        target = out or Path(tmp) / "table.csv"
        n = write_xlsx(target, header, rows, title) if fmt == "xlsx" else write_csv(target, header, rows)
        if out is None:
            with target.open(encoding="utf-8-sig", newline="") as f:
                shutil.copyfileobj(f, sys.stdout)
    click.echo(f"{n} row(s) written to {out or 'stdout'}", err=out is None)


def _campaign_or_exit(db: Database, campaign_id: int | None) -> Campaign:
    from storage import campaigns as campaign_store

    found = campaign_store.get(db, campaign_id) if campaign_id is not None else campaign_store.latest(db)
    if found is None:
        click.echo(f"no campaign {campaign_id}" if campaign_id is not None else "there is no campaign yet", err=True)
        sys.exit(1)
    return found


@main.group()
def campaign() -> None:
    """HR's campaigns across units: start one, follow its progress, read its results."""


@campaign.command("start")
@click.option("--flow", "flow_id", required=True, help="The concept, e.g. well_being or leadership.")
@click.option("--units", "unit_names", required=True, help='Unit names, comma-separated: "Unit A,Unit B".')
@click.option("--subtree", is_flag=True, help="Include the units below them.")
@click.option("--from", "starts_on", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="YYYY-MM-DD")
@click.option("--until", "ends_on", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="YYYY-MM-DD")
@click.option("--message", default=None, help="A word from HR to the leads.")
def campaign_start(
    flow_id: str, unit_names: str, subtree: bool, starts_on: datetime, ends_on: datetime, message: str | None
) -> None:
    """Store a campaign; the running bot sends each unit's lead a DM to plan their dialogue."""
    from bot import campaigns

    settings = _settings(DatabaseSettings)
    db, found = _db_and_flows(settings)
    launch = campaigns.Launch(flow_id, unit_names.split(","), subtree, starts_on.date(), ends_on.date(), message)
    started = campaigns.start(db, found, "cli", launch, _now().date(), _now())
    if started.campaign is None:
        from bot.i18n import t

        for block, key in started.errors.items():
            click.echo(f"--{block}: {t(key, 'en', units=', '.join(started.unknown_units))}", err=True)
        sys.exit(1)
    from storage import campaigns as campaign_store

    assert started.campaign.id is not None
    n = len(campaign_store.units_of(db, started.campaign.id))
    click.echo(f"campaign {started.campaign.id} started for {n} unit(s); the leads get their DMs from the bot")
    if started.without_lead:
        click.echo(f"no lead found in Slack for: {', '.join(started.without_lead)}", err=True)


@campaign.command("status")
@click.argument("campaign_id", required=False, type=int)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None, help="File; CSV without: stdout")
def campaign_status(campaign_id: int | None, fmt: str, out: Path | None) -> None:
    """Each unit's progress as counts (stage, answered of invited); the latest campaign without an ID."""
    from storage import audit
    from storage import campaigns as campaign_store

    settings = _settings(DatabaseSettings)
    db, _found = _db_and_flows(settings)
    chosen = _campaign_or_exit(db, campaign_id)
    assert chosen.id is not None
    rows = campaign_store.progress(db, chosen.id, _now().date())
    table: list[list[object]] = [[chosen.id, p.unit, p.stage, p.answered, p.invited] for p in rows]
    audit.record(db, _now(), "cli", "campaign:status", detail=f"campaign {chosen.id}", rows=len(table))
    _write_table(["campaign", "unit", "stage", "answered", "invited"], table, fmt, out, "Progress")


@campaign.command("results")
@click.argument("campaign_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None, help="File; CSV without: stdout")
def campaign_results(campaign_id: int, fmt: str, out: Path | None) -> None:
    """Each unit's and each roll-up's distribution and mean per theme, withheld where a small group would show."""
    from bot.campaign_results import compute, table
    from storage import audit

    settings = _settings(DatabaseSettings)
    db, found = _db_and_flows(settings)
    chosen = _campaign_or_exit(db, campaign_id)
    results = compute(db, found, chosen, settings.anonymity_threshold)
    header, rows = table(results, "en")
    audit.record(db, _now(), "cli", "campaign:results", detail=f"campaign {chosen.id}", rows=len(rows))
    _write_table(header, rows, fmt, out, "Results")


@main.group("experiences")
def experiences_group() -> None:
    """Experiences HR gathered."""


@experiences_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def experiences_import(file: Path) -> None:
    """What HR heard on visits (forum,date,dialogue,worked,different): every line checked first, then stored."""
    from bot.visits import VisitFileError, parse_visits
    from storage import audit
    from storage import experiences as experience_store

    settings = _settings(DatabaseSettings)
    db, _found = _db_and_flows(settings)
    try:
        visits = parse_visits(file.read_bytes())
    except VisitFileError as e:
        click.echo(f"{file}: nothing was stored:\n{e}", err=True)
        sys.exit(1)
    n = experience_store.add_visits(db, visits)
    audit.record(db, _now(), "cli", "experiences:import", detail=f"file {file.name}", rows=n)
    click.echo(f"{n} experience(s) from visits stored")


@main.command()
@click.option("--port", type=int, default=3000, show_default=True)
def demo(port: int) -> None:
    """The HR dashboard on a made-up organisation at http://127.0.0.1:PORT/hr/ — no Slack, no Microsoft."""
    from bot.demo import NotADemo
    from bot.web.demo_server import DemoServer

    try:
        server = DemoServer(Path.cwd(), port)
    except NotADemo as e:
        click.echo(f"dialogue-bot demo: {e}. Start it in another folder.", err=True)
        sys.exit(2)
    click.echo(f"the demo dashboard: {server.url}/hr/ (signed in as a demo HR person; Ctrl+C stops it)")
    server.run_forever()


if __name__ == "__main__":
    main()
