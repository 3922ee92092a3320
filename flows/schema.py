"""The JSON schema of a flow file, generated from the model (flows.model), so editors can check a file as it
is typed. `flows/flow.schema.json` is this text; a test keeps the two the same."""

from __future__ import annotations

import json
from pathlib import Path

from flows.model import Flow

SCHEMA_FILE = Path(__file__).parent / "flow.schema.json"
SCHEMA_ID = "https://dialogue-bot.example.org/flow.schema.json"


def schema() -> dict[str, object]:
    generated = Flow.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **generated}


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
