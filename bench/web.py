"""The dashboard's pages on an organisation of 10,000 people in 400 units with two campaigns (bench/campaign's
organisation, answered the same way): each page requested 200 times over one keep-alive connection, as HR
signed in. Printed: p50 and p95 per page (target: p95 ≤ 200 ms) and the process's peak RSS.

    python bench/web.py
"""

from __future__ import annotations

import http.client
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from waitress import create_server  # noqa: E402

from bench.campaign import NOW, answer_campaign, launch, org_csv  # noqa: E402
from bench.harness import peak_rss_mb  # noqa: E402
from bot.core.settings import load_settings  # noqa: E402
from bot.entrypoints.composition import build_runtime  # noqa: E402
from bot.services import org  # noqa: E402
from bot.web.dashboard import create_dashboard  # noqa: E402
from bot.web.signin import Person  # noqa: E402
from doubles.driver import ANSWER_KEY  # noqa: E402
from storage import campaigns as campaign_store  # noqa: E402
from storage import people, roles  # noqa: E402
from storage import rounds as round_store  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

REQUESTS = 200


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'web.db'}"
        upgrade(url)
        db = Database(url, ANSWER_KEY)
        data, emails = org_csv(400, 25)
        people.save_many(
            db, [people.Profile(f"U{i:05d}", "en", None, False, True, NOW, email=e) for i, e in enumerate(emails)]
        )
        org.import_file(db, data, NOW, "bench", "org.csv")
        roles.seed(db, {"UHR"}, NOW)
        settings = load_settings(
            slack_bot_token="xoxb-bench",
            slack_signing_secret="s",
            slack_app_token=None,
            database_url=url,
            session_secret="s" * 40,
        )
        rt = build_runtime(settings, db=db)
        rng = random.Random(1)
        first, second = launch(db, rt.flows, date(2024, 3, 1)), launch(db, rt.flows, date(2026, 3, 1))
        for campaign in (first, second):
            assert campaign.id is not None
            answer_campaign(db, rt.flows, campaign.id, rng)
        assert second.id is not None
        some_round = round_store.rounds_led_by(db, "U00025", closed_only=True)[0]
        hr = Person(email="hr@uni.example", name="HR", user_id="UHR", hr=True, lead=False)
        server = create_server(create_dashboard(rt, demo=hr).wsgi_app, host="127.0.0.1", port=0, threads=4)
        import threading

        threading.Thread(target=server.run, daemon=True).start()
        port = server.effective_port
        pages = [
            "/hr/",
            f"/hr/campaigns/{second.id}",
            f"/hr/campaigns/{second.id}/results",
            f"/hr/campaigns/{second.id}/results?ref=previous&sort=workload&dir=desc",
            f"/hr/campaigns/{second.id}/units/{campaign_store.units_of(db, second.id)[0][1].id}",
            f"/hr/rounds/{some_round.id}",
            "/hr/experiences",
            "/hr/audit",
        ]
        print(f"400 units, 10,000 people, 2 campaigns ({datetime.now(UTC):%Y-%m-%d}); {REQUESTS} requests a page")
        for page in pages:
            conn = http.client.HTTPConnection("127.0.0.1", port)
            times = []
            for _ in range(REQUESTS):
                t = time.perf_counter()
                conn.request("GET", page)
                r = conn.getresponse()
                r.read()
                assert r.status == 200, (page, r.status)
                times.append((time.perf_counter() - t) * 1000)
            conn.close()
            p95 = statistics.quantiles(times, n=20)[-1]
            print(
                f"  {page:28s} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   "
                f"{'met' if p95 <= 200 else 'MISSED'}"
            )
        print(f"  peak RSS {peak_rss_mb(os.getpid()):.0f} MB")
        server.close()
        rt.shutdown()


if __name__ == "__main__":
    main()
