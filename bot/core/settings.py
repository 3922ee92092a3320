"""Settings from the environment. A missing or malformed one stops start-up with its name and how to set it."""

from __future__ import annotations

import hashlib
import hmac
from datetime import time
from pathlib import Path
from typing import TypeVar, overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from flows.model import LOCALES

HOW_TO_SET = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-…) from your Slack app's 'OAuth & Permissions' page",
    "SLACK_SIGNING_SECRET": "the Signing Secret from your Slack app's 'Basic Information' page",
    "SLACK_APP_TOKEN": "an app-level token (xapp-…) with connections:write, only for Socket Mode",
    "SLACK_API_URL": "the Slack Web API base URL ending in /api/, e.g. https://slack.com/api/",
    "DATABASE_URL": "e.g. sqlite:///dialogue-bot.db or postgresql://user@host:5432/dialogue",
    "PORT": "a TCP port number, e.g. 3000",
    "HR_ADMINS": "comma-separated Slack user ids, e.g. U012AB3CD,U045EF6GH",
    "DEFAULT_LOCALE": "en or da",
    "ANONYMITY_THRESHOLD": "the smallest group whose anonymous results are shown, e.g. 5",
    "TIMEZONE": "an IANA time zone name, e.g. Europe/Copenhagen",
    "SWEEP_SECONDS": "how often the scheduler checks for due work, in seconds, e.g. 15",
    "FLOWS_DIR": "a folder of flow *.yaml files",
    "RETENTION_DAYS": "days to keep free text and identities after a round closes, e.g. 730",
    "WORK_START": "the start of the working day, HH:MM, e.g. 09:00",
    "WORK_END": "the end of the working day, HH:MM, e.g. 15:30",
    "HOLIDAY_COUNTRY": "an ISO country code for public holidays, e.g. DK (empty for none)",
    "MAX_REMINDERS": "the most reminders one person gets in a round, e.g. 2",
    "FOLLOW_UP_WEEKS": "weeks from the team meeting to the follow-up, e.g. 6",
    "MS_TENANT_ID": "your Microsoft Entra tenant id (Outlook invitations; optional)",
    "MS_CLIENT_ID": "the app registration's client id (Calendars.ReadWrite, User.Read.All application permissions)",
    "MS_CLIENT_SECRET": "the app registration's client secret",
    "MS_ORGANIZER": "the mailbox that organises workshop events, e.g. hr@example.com",
    "MS_AUTHORITY_HOST": "e.g. https://login.microsoftonline.com",
    "MS_GRAPH_URL": "e.g. https://graph.microsoft.com/v1.0",
    "MS_CA_BUNDLE": "a PEM file of extra CA certificates to trust for Microsoft calls (proxies, tests)",
    "ANSWER_KEY": "a long random secret (32+ characters, e.g. from `openssl rand -hex 32`), kept out of the database",
    "SEND_CONCURRENCY": "how many messages one process sends at once, e.g. 32 (Slack's 429s set the pace)",
    "LOG_LEVEL": "DEBUG, INFO, WARNING or ERROR",
    "PUBLIC_URL": "where people reach the bot, e.g. https://dialogue-bot.example.org (the dashboard's sign-in)",
    "SESSION_SECRET": "32+ random characters that sign the dashboard's cookies, e.g. from openssl rand -hex 32",
    "HR_GROUP_ID": "the object id of an Entra group whose members are HR on the dashboard (optional)",
    "ORG_SYNC": "entra, to read the organisation from Entra ID every night (needs the MS_* settings)",
    "DELIVERY_LEASE_SECONDS": "how long a send may be in flight before another process may retry it, e.g. 120",
}


class SettingsError(Exception):
    """A readable explanation of what is wrong with the environment, one line per setting."""


class DatabaseSettings(BaseSettings):
    """What the operator commands need (migrate, export, erase, retention): no Slack tokens."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)
    database_url: str = "sqlite:///dialogue-bot.db"
    anonymity_threshold: int = Field(default=5, ge=1, le=100)
    retention_days: int = Field(default=730, ge=1, le=36500)
    flows_dir: Path | None = None
    # Keys the link between a person and their anonymous answer; never stored. Derived from the signing secret
    # when unset (which then must not change while anonymous rounds are open: set ANSWER_KEY in production).
    answer_key: str | None = Field(default=None, min_length=32)
    slack_signing_secret: str | None = None
    # The organisation's language and time zone: the bot's default for people, and the command line's.
    default_locale: str = LOCALES[0]
    timezone: str = "Europe/Copenhagen"

    @field_validator("default_locale")
    @classmethod
    def _locale(cls, v: str) -> str:
        if v not in LOCALES:
            raise ValueError(f"must be one of {', '.join(LOCALES)}")
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"unknown time zone {v!r}") from e
        return v

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def answer_key_bytes(self) -> bytes | None:
        if self.answer_key:
            return hashlib.sha256(self.answer_key.encode()).digest()
        if self.slack_signing_secret:
            return hmac.new(self.slack_signing_secret.encode(), b"dialogue-bot/answer-key/v1", hashlib.sha256).digest()
        return None


class Settings(DatabaseSettings):
    slack_bot_token: str = Field(min_length=1)
    slack_signing_secret: str = Field(min_length=1)  # required here
    slack_app_token: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = Field(default=3000, ge=1, le=65535)
    hr_admins: str = ""
    sweep_seconds: float = Field(default=15.0, gt=0, le=300)
    work_start: time = time(9, 0)
    work_end: time = time(15, 30)
    holiday_country: str = "DK"
    max_reminders: int = Field(default=2, ge=0, le=10)
    follow_up_weeks: int = Field(default=6, ge=1, le=52)
    delivery_lease_seconds: float = Field(default=120.0, ge=1, le=3600)
    send_concurrency: int = Field(default=32, ge=1, le=256)
    log_level: str = "INFO"
    ms_tenant_id: str | None = None
    ms_client_id: str | None = None
    ms_client_secret: str | None = None
    ms_organizer: str | None = None
    ms_authority_host: str = "https://login.microsoftonline.com"
    ms_graph_url: str = "https://graph.microsoft.com/v1.0"
    ms_ca_bundle: Path | None = None
    org_sync: str | None = None  # "entra": the organisation from Entra ID every night
    public_url: str | None = None  # where people reach the bot, e.g. https://dialogue-bot.example.org (dashboard)
    session_secret: str | None = Field(default=None, min_length=32)  # signs the dashboard's session cookies
    hr_group_id: str | None = None  # members of this Entra group are HR on the dashboard (besides HR_ADMINS)

    @property
    def dashboard_enabled(self) -> bool:
        return bool(self.outlook_enabled and self.public_url and self.session_secret)

    @property
    def outlook_enabled(self) -> bool:
        return bool(self.ms_tenant_id and self.ms_client_id and self.ms_client_secret)

    @field_validator("holiday_country")
    @classmethod
    def _country(cls, v: str) -> str:
        v = v.strip().upper()
        if v:
            import holidays

            try:
                holidays.country_holidays(v)
            except NotImplementedError as e:
                raise ValueError(f"no holiday calendar for {v!r}") from e
        return v

    @model_validator(mode="after")
    def _window(self) -> Settings:
        if self.work_end <= self.work_start:
            raise ValueError("WORK_END must be after WORK_START")
        if self.outlook_enabled and not self.ms_organizer:
            raise ValueError(
                "MS_ORGANIZER must name the organiser mailbox when MS_TENANT_ID, MS_CLIENT_ID and "
                "MS_CLIENT_SECRET are set"
            )
        if self.org_sync and self.org_sync != "entra":
            raise ValueError("ORG_SYNC must be entra (or unset)")
        if self.org_sync and not self.outlook_enabled:
            raise ValueError("ORG_SYNC=entra needs MS_TENANT_ID, MS_CLIENT_ID and MS_CLIENT_SECRET")
        for name, url in (("MS_AUTHORITY_HOST", self.ms_authority_host), ("MS_GRAPH_URL", self.ms_graph_url)):
            if not url.startswith("https://"):
                raise ValueError(f"{name} must be an https:// URL")
        return self

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v if v.endswith("/") else v + "/"

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, v: str | None) -> str | None:
        if v and not v.startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return v or None

    @field_validator("hr_admins")
    @classmethod
    def _admins(cls, v: str) -> str:
        for uid in filter(None, (p.strip() for p in v.split(","))):
            if uid[:1] not in ("U", "W") or not uid.isalnum():
                raise ValueError(f"{uid!r} is not a Slack user id")
        return v

    @property
    def hr_admin_ids(self) -> set[str]:
        return {p.strip() for p in self.hr_admins.split(",") if p.strip()}


S = TypeVar("S", bound=DatabaseSettings)


@overload
def load_settings(**overrides: object) -> Settings: ...
@overload
def load_settings(cls: type[S], /, **overrides: object) -> S: ...
def load_settings(cls: type[DatabaseSettings] = Settings, /, **overrides: object) -> DatabaseSettings:
    """Read the environment; raise SettingsError naming each bad variable and how to set it."""
    try:
        return cls(**overrides)  # type: ignore[arg-type]
    except ValidationError as e:
        lines = []
        for err in e.errors():
            name = str(err["loc"][0]).upper() if err["loc"] else "WORK_END"
            hint = HOW_TO_SET.get(name, "")
            what = "is not set" if err["type"] == "missing" else f"is invalid: {err['msg']}"
            lines.append(f"{name} {what}. Set it with: export {name}=… ({hint})")
        raise SettingsError("\n".join(lines)) from None
