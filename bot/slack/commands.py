"""The `/dialogue` verbs, parsed in one place for the listener that answers them and for bot.authz."""

from __future__ import annotations

from enum import StrEnum


class Verb(StrEnum):
    START = "start"  # a lead opens the round set-up
    STATUS = "status"  # a lead's open rounds, counts only
    SHARE = "share"  # anyone shares an experience
    WORKSHOPS = "workshops"  # upcoming workshops (HR also sees who is registered)
    EXPORT = "export"  # HR: the export form
    AUDIT = "audit"  # HR: the audit log as CSV
    CAMPAIGN = "campaign"  # HR: start a campaign, its progress; `campaign results` also for leads of roll-ups
    HELP = "help"  # anything else


def verb_of(text: object) -> Verb:
    """The verb of a command's text: its first word, case-insensitive; anything unknown or empty is HELP."""
    words = text.strip().lower().split() if isinstance(text, str) else []
    try:
        return Verb(words[0]) if words else Verb.HELP
    except ValueError:
        return Verb.HELP


def operation(text: object) -> str:
    """The name bot.slack.authz's table knows a command by, e.g. 'command:export' ('command:campaign_results' for
    the one sub-command that is not HR's alone)."""
    verb = verb_of(text)
    words = text.strip().lower().split() if isinstance(text, str) else []
    if verb == Verb.CAMPAIGN and words[1:2] == ["results"]:
        return "command:campaign_results"
    return f"command:{verb.value}"
