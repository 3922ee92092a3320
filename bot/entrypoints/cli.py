"""The `dialogue-bot` command: serve, worker, migrate, export, erase, retention, flows, org, directory, campaign.

HR's commands work on a fresh SQLite file (migrated as `serve` migrates it), answer a mistake with a sentence
and a non-zero exit (never a traceback), list the valid choices with the closest one, and speak the language
of --lang (default: DEFAULT_LOCALE), with times in the organisation's time zone (TIMEZONE).
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn, overload

import click
from sqlalchemy.exc import DBAPIError

from bot.core.i18n import t
from bot.core.settings import DatabaseSettings, S, Settings, SettingsError, load_settings
from flows.loader import BUILTIN_DIR, FlowError, flow_files, load_flow, load_flows, load_flows_from
from flows.model import LOCALES, Flow
from storage.db import Database
from storage.exports import WHAT, Period, describe
from storage.models import Campaign

log = logging.getLogger("dialogue_bot")
MAX_LISTED = 30  # valid choices listed in an error; beyond that, where to find them


@overload
def _settings() -> Settings: ...
@overload
def _settings(cls: type[S]) -> S: ...
def _settings(cls: type[DatabaseSettings] | None = None) -> DatabaseSettings:
    try:
        return load_settings(cls) if cls else load_settings()
    except SettingsError as e:
        click.echo(f"dialogue-bot cannot start:\n{e}", err=True)
        sys.exit(2)


def _lang(settings: DatabaseSettings | None = None) -> str:
    """--lang when given, else the organisation's DEFAULT_LOCALE."""
    ctx = click.get_current_context(silent=True)
    chosen = ctx.find_root().obj.get("lang") if ctx is not None and ctx.find_root().obj else None
    if chosen:
        return str(chosen)
    return settings.default_locale if settings is not None else LOCALES[0]


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


class _Commands(click.Group):
    """A user's mistake gets a sentence and a non-zero exit, never a traceback (with --log-level DEBUG, an
    unexpected error's traceback is logged for whoever fixes it)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except DBAPIError as e:
            log.debug("database error", exc_info=True)
            _database_problem(e)
        except OSError as e:
            log.debug("file error", exc_info=True)
            _fail(t("cli.os_error", _lang(), error=e.strerror or str(e), file=e.filename or ""))
        except Exception as e:
            log.debug("unexpected error", exc_info=True)
            _fail(t("cli.unexpected", _lang(), error=f"{type(e).__name__}: {e}"))


def _database_problem(e: DBAPIError) -> NoReturn:
    import os

    from sqlalchemy.engine import make_url

    url = os.environ.get("DATABASE_URL", DatabaseSettings.model_fields["database_url"].default)
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except Exception:
        shown = "DATABASE_URL"
    text = str(e.orig)
    if "no such table" in text or "does not exist" in text and "relation" in text:
        _fail(t("cli.db.not_migrated", _lang(), url=shown))
    _fail(t("cli.db.unusable", _lang(), url=shown, error=text.splitlines()[0] if text else type(e).__name__))


def _database(settings: DatabaseSettings) -> Database:
    """The database as `serve` opens it: an SQLite file is created or brought up to date first (PostgreSQL is
    migrated by `dialogue-bot migrate`, once per deployment)."""
    db = Database(settings.database_url, settings.answer_key_bytes)
    if db.is_sqlite:
        from storage.migrate import upgrade

        upgrade(settings.database_url)
    return db


@click.group(cls=_Commands)
@click.option(
    "--log-level",
    envvar="LOG_LEVEL",
    default="INFO",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
    help="DEBUG, INFO, WARNING or ERROR (or LOG_LEVEL)",
)
@click.option(
    "--lang",
    type=click.Choice(LOCALES),
    default=None,
    help="The language of messages, tables and files (default: DEFAULT_LOCALE, else en).",
)
@click.pass_context
def main(ctx: click.Context, log_level: str, lang: str | None) -> None:
    """Run an organisation's structured dialogues about work life in Slack."""
    ctx.obj = {"lang": lang}
    level = log_level.upper()
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if level != "DEBUG":  # INFO stays quiet: APScheduler would log every 15-second sweep, Alembic every check
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        logging.getLogger("alembic").setLevel(logging.WARNING)


@main.command()
@click.option("--port", type=int, default=None, help="Overrides PORT (default 3000).")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--no-scheduler", is_flag=True, help="Web only; run `dialogue-bot worker` for the scheduler.")
def serve(port: int | None, host: str, no_scheduler: bool) -> None:
    """Serve POST /slack/events and GET /healthz (or Socket Mode when SLACK_APP_TOKEN is set)."""
    settings = _settings()
    from bot.entrypoints.composition import StartupError
    from bot.entrypoints.server import Server

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
    from bot.entrypoints.composition import StartupError
    from bot.entrypoints.worker import Worker

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
@click.option(
    "--raw", is_flag=True, help="The stable machine columns for scripts: ids, codes and UTC times, as before."
)
def export_cmd(
    what_arg: str | None,
    what_opt: str | None,
    since: datetime | None,
    until: datetime | None,
    fmt: str,
    out: Path | None,
    round_id: int | None,
    raw: bool,
) -> None:
    """Export WHAT — answers, experiences, actions, workshops or audit — (never names of anonymous answers),
    e.g. `dialogue-bot export workshops` or `dialogue-bot export --what answers --format xlsx --out a.xlsx`.
    Headers and values are words in --lang, people by name, times in TIMEZONE; --raw for the machine columns."""
    if what_arg and what_opt and what_arg != what_opt:
        raise click.UsageError(f"say what to export once: {what_arg!r} or --what {what_opt!r}")
    what = what_arg or what_opt
    if what is None:
        raise click.UsageError(f"say what to export: dialogue-bot export WHAT, one of {', '.join(WHAT)}")
    if out is None and fmt == "xlsx":
        raise click.UsageError("an XLSX export needs a file: add --out FILE.xlsx")
    settings = _settings(DatabaseSettings)
    from bot.services import access
    from bot.services.exports import export

    db, found = _db_and_flows(settings)
    period = Period(
        since.replace(tzinfo=UTC) if since else None, (until + timedelta(days=1)).replace(tzinfo=UTC) if until else None
    )
    reader = None if raw else _reader(settings, db, found)
    with tempfile.TemporaryDirectory() as tmp:
        target = out or Path(tmp) / "export.csv"
        n = export(db, found, settings.anonymity_threshold, what, fmt, target, period, round_id, words=reader)
        access.record(db, "cli", f"export.{what}", detail=describe(fmt, period, round_id), rows=n, at=_now())
        if out is None:  # to the terminal or a pipe, without the BOM that is there for Excel
            with target.open(encoding="utf-8-sig", newline="") as f:
                shutil.copyfileobj(f, sys.stdout)
    _written(n, out, settings)


def _reader(settings: DatabaseSettings, db: Database, found: dict[str, Flow]) -> Any:
    from bot.services.readable import Reader

    return Reader(_lang(settings), settings.tz, db, found)


def _written(n: int, out: Path | None, settings: DatabaseSettings) -> None:
    where = str(out) if out is not None else "stdout"
    click.echo(t("cli.rows_written", _lang(settings), count=n, where=where), err=out is None)


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
    removed = erase_user(_database(settings), user_id, _now())
    for what, n in removed.items():
        click.echo(f"{what}: {n}")
    click.echo(t("cli.erased", _lang(settings), user=user_id, count=sum(removed.values())))


@main.command()
def retention() -> None:
    """Run the retention job now (it also runs daily in the scheduler)."""
    settings = _settings(DatabaseSettings)
    from storage.privacy import apply_retention

    removed = apply_retention(_database(settings), _now(), settings.retention_days)
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
        from bot.services import flow_versions

        problems = flow_versions.check_used(Database(settings.database_url), found, sources)
        if problems:
            click.echo(str(FlowError(problems)), err=True)
            sys.exit(1)
    for f in flow_files(target):
        click.echo(f"ok  {f}")
    click.echo(t("cli.flows_valid", _lang(settings), count=len(found), ids=", ".join(sorted(found))))


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
    from bot.services.flow_diff import describe_changes

    lines, warnings = describe_changes(a, b, _lang(settings))
    click.echo("\n".join(lines))
    for w in warnings:
        click.echo(w, err=True)


def _flow_at(settings: DatabaseSettings, ref: str) -> Flow:
    from bot.services.flow_versions import version_of

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
        from bot.services.suggestions import closest

        hint = ""
        if current is None:
            near = closest(name, found)
            hint = t("cli.choices", _lang(settings), choices=", ".join(sorted(found)))
            if near is not None:
                hint = (
                    t("cli.did_you_mean", _lang(settings), name=f"{near} ({found[near].title.get(_lang(settings))})")
                    + " "
                    + hint
                )
        _fail(f"{ref}: " + t("cli.no_flow_version", _lang(settings)) + (f" {hint}" if hint else ""))
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
    """Replace the organisation with FILE.csv (unit,parent,email,role; separated by commas, semicolons or tabs,
    as Excel saves it) or Entra ID; prints what changed."""
    from bot.outbound.org_chart import OrgFileError
    from bot.services import org as org_service

    if (file is None) == (not entra):
        _fail(t("cli.org.file_or_entra", _lang()), 2)
    settings: DatabaseSettings
    if entra:
        settings = full = _settings()
        if not full.outlook_enabled:
            click.echo(
                "dialogue-bot cannot read Entra ID: set MS_TENANT_ID, MS_CLIENT_ID and MS_CLIENT_SECRET (the app "
                "registration Outlook uses, with the User.Read.All application permission)",
                err=True,
            )
            sys.exit(2)
        from bot.outbound.graph import GraphError, Outlook

        db = _database(settings)
        try:
            changes = org_service.import_entra(db, Outlook(full), _now(), "cli")
        except GraphError as e:
            _fail(f"Entra ID could not be read: {e}")
        except OrgFileError as e:
            _fail(t("cli.org.nothing_changed", _lang(settings), file="Entra ID") + f"\n{e}")
    else:
        assert file is not None
        settings = _settings(DatabaseSettings)
        db = _database(settings)
        try:
            changes = org_service.import_file(db, file.read_bytes(), _now(), "cli", file.name)
        except OrgFileError as e:
            _fail(t("cli.org.nothing_changed", _lang(settings), file=file) + f"\n{e}")
    click.echo(org_service.describe_changes(changes, _lang(settings)))
    hint = org_service.directory_hint(db, _lang(settings))
    if hint:
        click.echo(hint)


@org.command("show")
def org_show() -> None:
    """The tree of units with each unit's leads and people, and who could not be found in Slack."""
    from bot.services import org as org_service

    settings = _settings(DatabaseSettings)
    click.echo(org_service.show(_database(settings), _lang(settings)))


@main.group()
def directory() -> None:
    """The people directory: who is in Slack, by e-mail (units find their people by it)."""


@directory.command("sync")
def directory_sync() -> None:
    """Read every member of the Slack workspace now (users.list, SLACK_BOT_TOKEN), without starting the bot;
    the bot also does this daily. Prints how many of the organisation's people were found."""
    from bot.entrypoints.composition import StartupError, compose
    from bot.services import directory as directory_service
    from bot.services import org as org_service

    settings = _settings()
    try:
        rt = compose(settings)
    except FlowError as e:
        _invalid_flows(e)
    except StartupError as e:
        _cannot_start(e)
    try:
        listed = directory_service.sweep(rt)
        lang = _lang(settings)
        click.echo(t("cli.directory.listed", lang, count=listed))
        click.echo(org_service.coverage(rt.db, lang))
    finally:
        rt.shutdown()


def _db_and_flows(settings: DatabaseSettings) -> tuple[Database, dict[str, Flow]]:
    found = load_flows(settings.flows_dir) if settings.flows_dir else load_flows()
    return _database(settings), found


def _write_table(
    header: list[object], rows: list[list[object]], fmt: str, out: Path | None, title: str, settings: DatabaseSettings
) -> None:
    """A CSV to stdout (or a file), or an XLSX file: the same writers as `export`, formulas disarmed."""
    from bot.services.exports import write_csv, write_xlsx

    if fmt == "xlsx" and out is None:
        _fail(t("cli.xlsx_needs_out", _lang(settings)), 2)
    with tempfile.TemporaryDirectory() as tmp:
        target = out or Path(tmp) / "table.csv"
        n = write_xlsx(target, header, rows, title) if fmt == "xlsx" else write_csv(target, header, rows)
        if out is None:
            with target.open(encoding="utf-8-sig", newline="") as f:
                shutil.copyfileobj(f, sys.stdout)
    _written(n, out, settings)


def _campaign_or_exit(db: Database, campaign_id: int | None, flows: dict[str, Flow], lang: str) -> Campaign:
    from storage import campaigns as campaign_store

    found = campaign_store.get(db, campaign_id) if campaign_id is not None else campaign_store.latest(db)
    if found is None:
        every = campaign_store.all_campaigns(db)
        unknown = t("cli.campaign.unknown", lang, id=campaign_id) + " " if campaign_id is not None else ""
        if not every:
            _fail(unknown + t("cli.campaign.none", lang))
        known = [
            t(
                "cli.campaign.one",
                lang,
                id=c.id,
                title=flows[c.flow_id].title.get(lang) if c.flow_id in flows else c.flow_id,
                period=f"{c.starts_on.isoformat()}–{c.ends_on.isoformat()}",
            )
            for c in every
        ]
        _fail(unknown + t("cli.campaign.list", lang, campaigns="; ".join(known)))
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
@click.option(
    "--yes",
    "--anyway",
    "go_ahead",
    is_flag=True,
    help="Start even where a unit's lead cannot be reached yet (invited once the directory finds them in Slack).",
)
def campaign_start(
    flow_id: str,
    unit_names: str,
    subtree: bool,
    starts_on: datetime,
    ends_on: datetime,
    message: str | None,
    go_ahead: bool,
) -> None:
    """Store a campaign; the running bot sends each unit's lead a DM to plan their dialogue. Refused (exit 1)
    while a unit's lead cannot be reached, naming each and why, unless --yes."""
    from bot.services import campaigns
    from bot.services.suggestions import closest
    from storage import units

    settings = _settings(DatabaseSettings)
    lang = _lang(settings)
    db, found = _db_and_flows(settings)
    launch = campaigns.Launch(flow_id, unit_names.split(","), subtree, starts_on.date(), ends_on.date(), message)
    started = campaigns.start(db, found, "cli", launch, _now().date(), _now(), go_ahead=go_ahead)
    if started.errors:
        for block, key in started.errors.items():
            if block == "flow":
                startable = {i: f for i, f in found.items() if f.startable}
                click.echo(
                    f"--flow: {_choice_error(flow_id, {i: f.title.get(lang) for i, f in startable.items()}, lang)}",
                    err=True,
                )
            elif block == "units" and started.unknown_units:
                names = [u.name for u in units.all_units(db) if u.active]
                for name in started.unknown_units:
                    near = closest(name, names)
                    said = t("cli.unknown_unit", lang, name=name)
                    if near is not None:
                        said += " " + t("cli.did_you_mean", lang, name=near)
                    click.echo(f"--units: {said}", err=True)
                if not names:
                    click.echo(t("cli.org.empty", lang), err=True)
                elif len(names) <= MAX_LISTED:
                    click.echo(t("cli.choices", lang, choices=", ".join(sorted(names))), err=True)
                else:
                    click.echo(t("cli.units_in_show", lang, count=len(names)), err=True)
            else:
                click.echo(f"--{block}: {t(key, lang, units=', '.join(started.unknown_units))}", err=True)
        sys.exit(1)
    if started.unreachable:
        click.echo(t("cli.campaign.unreachable", lang, count=len(started.unreachable)), err=True)
        for u in started.unreachable:
            why = t(f"cli.reason.{u.reason}", lang, emails=", ".join(u.emails))
            click.echo(f"  {u.unit}: {why}", err=True)
        if started.campaign is None:
            _fail(t("cli.campaign.refused", lang))
    from storage import campaigns as campaign_store

    assert started.campaign is not None and started.campaign.id is not None
    n = len(campaign_store.units_of(db, started.campaign.id))
    click.echo(t("cli.campaign.started", lang, count=n, id=started.campaign.id))


def _choice_error(given: str, choices: dict[str, str], lang: str) -> str:
    """'"wellbeing" is not one of them. Did you mean well_being (Well-being Dialogue)? Choose from: …'"""
    from bot.services.suggestions import closest

    listed = ", ".join(f"{k} ({v})" for k, v in sorted(choices.items()))
    said = t("cli.not_a_choice", lang, given=given)
    near = closest(given, choices)
    if near is not None:
        said += " " + t("cli.did_you_mean", lang, name=f"{near} ({choices[near]})")
    return said + " " + t("cli.choices", lang, choices=listed)


@campaign.command("status")
@click.argument("campaign_id", required=False, type=int)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None, help="File; CSV without: stdout")
def campaign_status(campaign_id: int | None, fmt: str, out: Path | None) -> None:
    """Each unit's progress as counts (stage, answered of invited); the latest campaign without an ID."""
    from bot.services import access
    from bot.services.readable import header, stage
    from storage import campaigns as campaign_store

    settings = _settings(DatabaseSettings)
    lang = _lang(settings)
    db, found = _db_and_flows(settings)
    chosen = _campaign_or_exit(db, campaign_id, found, lang)
    assert chosen.id is not None
    rows = campaign_store.progress(db, chosen.id, _now().astimezone(settings.tz).date())
    table: list[list[object]] = [
        [chosen.id, p.unit, stage(p.stage, lang), p.answered, p.invited, _share(p.answered, p.invited)] for p in rows
    ]
    access.record(db, "cli", "campaign:status", detail=f"campaign {chosen.id}", rows=len(table), at=_now())
    columns = header(["campaign", "unit", "stage", "answered", "invited", "participation"], lang)
    _write_table(columns, table, fmt, out, t("web.progress", lang), settings)


def _share(part: int, whole: int) -> object:
    """A percentage as a whole number, empty where there is nothing to divide by."""
    return round(100 * part / whole) if whole else ""


@campaign.command("results")
@click.argument("campaign_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None, help="File; CSV without: stdout")
def campaign_results(campaign_id: int, fmt: str, out: Path | None) -> None:
    """Each unit's and each roll-up's distribution and mean per theme, withheld where a small group would show.
    The XLSX file is a report: a heatmap against the whole organisation, the distributions, a chart."""
    from bot.services import access
    from bot.services.campaign_results import compute, table
    from bot.services.readable import header

    settings = _settings(DatabaseSettings)
    lang = _lang(settings)
    if fmt == "xlsx" and out is None:
        _fail(t("cli.xlsx_needs_out", lang), 2)
    db, found = _db_and_flows(settings)
    chosen = _campaign_or_exit(db, campaign_id, found, lang)
    if chosen.flow_id not in found:
        _fail(t("cli.campaign.flow_gone", lang, id=chosen.id, flow=chosen.flow_id))
    results = compute(db, found, chosen, settings.anonymity_threshold)
    columns, rows = table(results, lang)
    access.record(db, "cli", "campaign:results", detail=f"campaign {chosen.id}", rows=len(rows), at=_now())
    if fmt == "xlsx":
        from bot.services.results_workbook import write

        assert out is not None
        write(out, results, lang)
        _written(len(rows), out, settings)
        return
    _write_table(header(columns, lang), rows, fmt, out, t("web.results", lang), settings)


@main.group("experiences")
def experiences_group() -> None:
    """Experiences HR gathered."""


@experiences_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def experiences_import(file: Path) -> None:
    """What HR heard on visits (forum,date,dialogue,worked,different): every line checked first, then stored."""
    from bot.services import access
    from bot.services.visits import VisitFileError, parse_visits
    from storage import experiences as experience_store

    settings = _settings(DatabaseSettings)
    db, _found = _db_and_flows(settings)
    try:
        visits = parse_visits(file.read_bytes())
    except VisitFileError as e:
        _fail(t("cli.nothing_stored", _lang(settings), file=file) + f"\n{e}")
    n = experience_store.add_visits(db, visits)
    access.record(db, "cli", "experiences:import", detail=f"file {file.name}", rows=n, at=_now())
    click.echo(t("cli.visits_stored", _lang(settings), count=n))


@main.command()
@click.option("--port", type=int, default=3000, show_default=True)
def demo(port: int) -> None:
    """The HR dashboard on a made-up organisation at http://127.0.0.1:PORT/hr/ — no Slack, no Microsoft."""
    from bot.entrypoints.demo import NotADemo
    from bot.entrypoints.demo_server import DemoServer

    try:
        server = DemoServer(Path.cwd(), port)
    except NotADemo as e:
        click.echo(f"dialogue-bot demo: {e}. Start it in another folder.", err=True)
        sys.exit(2)
    click.echo(f"the demo dashboard: {server.url}/hr/ (signed in as a demo HR person; Ctrl+C stops it)")
    server.run_forever()


if __name__ == "__main__":
    main()
