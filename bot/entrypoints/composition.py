"""The composition root: the one place that builds a running bot from its settings.

`serve`, `worker` (and tests, and benchmarks) get their Runtime here: the database, the flows, the Slack
client, Outlook when configured; the schema brought up to date on SQLite; HR_ADMINS seeded; and the bot token
checked with Slack's `auth.test`, so a wrong token or an unreachable Slack is named at start-up instead of
failing on the first message.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, ServerErrorRetryHandler
from sqlalchemy.exc import OperationalError, ProgrammingError

from bot.core.clock import Clock, SystemClock
from bot.core.runtime import Runtime, Workspace, log
from bot.core.settings import Settings
from bot.outbound.graph import Outlook
from bot.outbound.rate_limits import PacedClient, RateGate, RateLimited
from bot.services import flow_versions
from flows.loader import BUILTIN_DIR, FlowError, load_flows_from
from storage import roles
from storage.db import Database
from storage.migrate import upgrade

AUTH_TEST_SECONDS = 10


class StartupError(Exception):
    """The bot cannot start; the message names the setting or service at fault and what to do."""


def make_client(settings: Settings, gate: RateGate) -> WebClient:
    """A Web API client that waits at the gate (429 pauses shared by every thread and process, one post a
    second per channel) and retries 429s, 5xx answers and dropped connections."""
    return PacedClient(
        gate,
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=15,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=3),
            RateLimited(gate),
            ServerErrorRetryHandler(max_retry_count=3),
        ],
    )


def build_runtime(settings: Settings, clock: Clock | None = None, db: Database | None = None) -> Runtime:
    """The parts, without touching the network or the schema (benchmarks and tests build on this)."""
    db = db or Database(settings.database_url, settings.answer_key_bytes)
    flows, files = load_flows_from(settings.flows_dir or BUILTIN_DIR)
    rt = Runtime(
        settings=settings,
        db=db,
        flows=flows,
        flow_files=files,
        client=make_client(settings, RateGate(db)),
        clock=clock or SystemClock(),
        outlook=Outlook(settings) if settings.outlook_enabled else None,
    )
    _ = rt.notice  # an invalid privacy notice stops start-up, like an invalid flow
    return rt


def check_slack(settings: Settings) -> Workspace:
    """`auth.test` with the bot token, once, without retries: which workspace the token belongs to, or a
    StartupError that says whether the token was refused or Slack could not be reached."""
    quick = WebClient(
        token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=AUTH_TEST_SECONDS, retry_handlers=[]
    )
    try:
        r = quick.auth_test()
    except SlackApiError as e:
        error = e.response.get("error") or f"HTTP {e.response.status_code}"
        raise StartupError(
            f"Slack rejected SLACK_BOT_TOKEN ({error}). Copy the Bot User OAuth Token (xoxb-…) from your app's "
            "OAuth & Permissions page and set it with: export SLACK_BOT_TOKEN=xoxb-…"
        ) from e
    except (SlackClientError, OSError) as e:
        raise StartupError(
            f"Slack could not be reached at {settings.slack_api_url} ({type(e).__name__}: {e}). Check the network "
            "(and SLACK_API_URL, if you set it), then start again."
        ) from e
    team_id, enterprise_id = r.get("team_id"), r.get("enterprise_id")
    log.info(
        "Slack accepted the bot token (team %s%s)", team_id, f", enterprise {enterprise_id}" if enterprise_id else ""
    )
    return Workspace(team_id=team_id, enterprise_id=enterprise_id)


def check_versions(rt: Runtime) -> None:
    """Refuse flow files whose version was used with other content (FlowError naming file and steps). A
    database not migrated yet has no versions to compare (PostgreSQL: `dialogue-bot migrate` first)."""
    try:
        problems = flow_versions.check_used(rt.db, rt.flows, rt.flow_files)
    except (OperationalError, ProgrammingError) as e:
        log.warning("could not compare the flow files with the versions used (%s)", type(e).__name__)
        return
    if problems:
        raise FlowError(problems)


def compose(settings: Settings, clock: Clock | None = None, *, check_token: bool = True) -> Runtime:
    """A Runtime ready to serve: parts built (a bad flow file is named first: no network needed to find it),
    token checked, schema current on SQLite, HR_ADMINS seeded."""
    rt = build_runtime(settings, clock)
    rt.workspace = check_slack(settings) if check_token else None
    if rt.db.is_sqlite:
        upgrade(settings.database_url)  # one file, one process: keep it current without a separate step
    check_versions(rt)
    roles.seed(rt.db, settings.hr_admin_ids, rt.clock.now())  # HR_ADMINS is the source of truth
    return rt
