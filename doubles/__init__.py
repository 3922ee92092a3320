"""The project's own test doubles and drivers, shared by `tests/` and `bench/`: the fake Slack Web API and Socket
Mode, the fake Entra ID and Graph, the signing driver, transcript and seeding helpers, Block Kit's limits, the
browser. Not part of the product: `bot/`, `flows/` and `storage/` never import it (lint-imports)."""
