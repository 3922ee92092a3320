"""manifest.yaml is valid by Slack's own schema and asks for exactly the scopes the code uses."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT.parent / "shared" / "slack" / "manifest.schema.1.0.0.json"

# Scopes each Web API method needs (from Slack's method reference); views.* and auth.test need none.
METHOD_SCOPES = {
    "chat_postMessage": {"chat:write"},
    "chat_update": {"chat:write"},
    "conversations_open": {"im:write"},
    "users_info": {"users:read"},
    "users_list": {"users:read"},
    "conversations_members": {"channels:read", "groups:read"},
    # only ever a DM with the bot: a message someone shares, or the bot's own message found again by its metadata
    "conversations_history": {"im:history"},
    "files_upload_v2": {"files:write"},
    "conversations_create": {"groups:write"},  # only ever private: a team meeting's channel
    "conversations_invite": {"groups:write"},  # into that channel
    "conversations_canvases_create": {"canvases:write"},
    "views_open": set(),
    "views_publish": set(),
    "views_update": set(),
}
EVENT_SCOPES = {
    "app_home_opened": set(),
    "message.im": {"im:history"},
    "message.channels": {"channels:history"},
    "message.groups": {"groups:history"},
    "user_change": {"users:read"},
    "team_join": {"users:read"},
}


def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "manifest.yaml").read_text())
    return loaded


def test_manifest_matches_slacks_schema() -> None:
    if not SCHEMA.exists():
        pytest.fail(f"Slack's manifest schema is expected at {SCHEMA}")
    jsonschema.validate(manifest(), json.loads(SCHEMA.read_text()))


def test_manifest_declares_the_command_interactivity_home_and_events_on_one_url() -> None:
    m = manifest()
    urls = {
        m["settings"]["interactivity"]["request_url"],
        m["settings"]["event_subscriptions"]["request_url"],
        *(c["url"] for c in m["features"]["slash_commands"]),
    }
    assert len(urls) == 1 and urls.pop().endswith("/slack/events")
    assert [c["command"] for c in m["features"]["slash_commands"]] == ["/dialogue"]
    assert m["features"]["app_home"]["home_tab_enabled"] is True
    assert m["settings"]["interactivity"]["is_enabled"] is True


def test_bot_scopes_are_exactly_the_ones_the_code_uses() -> None:
    code = "\n".join(p.read_text() for p in (ROOT / "bot").rglob("*.py"))
    used_methods = set(re.findall(r"client\.(\w+)\(", code))
    unknown = used_methods - METHOD_SCOPES.keys()
    assert not unknown, f"add the scopes of {unknown} to METHOD_SCOPES (and the manifest)"
    m = manifest()
    needed = set().union(*(METHOD_SCOPES[x] for x in used_methods))
    needed |= set().union(*(EVENT_SCOPES[e] for e in m["settings"]["event_subscriptions"]["bot_events"]))
    if m["features"].get("slash_commands"):
        needed.add("commands")
    if re.search(r"\.get\(\"profile\"\).*\"email\"|\[\"profile\"\]\[\"email\"\]", code):
        needed.add("users:read.email")  # users.info only returns the e-mail with this scope
    assert set(m["oauth_config"]["scopes"]["bot"]) == needed


def test_the_readme_lists_exactly_the_manifests_scopes() -> None:
    text = (ROOT / "README.md").read_text()
    start = text.index("The bot asks for these scopes")
    listed = set(re.findall(r"`([a-z]+:[a-z.:]+|commands)`", text[start : text.index("\n## ", start)]))
    assert listed == set(manifest()["oauth_config"]["scopes"]["bot"])
