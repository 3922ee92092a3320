"""What `GET /metrics` shows, in Prometheus' text format (prometheus-client): sends, 429s and retries by
method, the acks' latency, and — read from the database when scraped — the backlog and the scheduler's lag."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest


class Metrics:
    """The counters a process keeps; one instance per process (tests read it, benchmarks too)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.sends = Counter(
            "dialogue_bot_sends", "Messages sent to Slack, by kind of message", ["kind"], registry=self.registry
        )
        self.ratelimited = Counter(
            "dialogue_bot_ratelimited", "429 answers from Slack, by Web API method", ["method"], registry=self.registry
        )
        self.retries = Counter(
            "dialogue_bot_retries", "Web API calls tried again, by method", ["method"], registry=self.registry
        )
        self.ack_seconds = Histogram(
            "dialogue_bot_ack_seconds",
            "From a request's arrival to the HTTP answer to Slack",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0),
            registry=self.registry,
        )


METRICS = Metrics()


def backlog_text(backlog: dict[str, int], deliveries: dict[str, int], lag_seconds: float) -> bytes:
    """What is waiting, read from the database at scrape time (shared by every process), in the text format."""
    from prometheus_client.core import GaugeMetricFamily

    planned = GaugeMetricFamily("dialogue_bot_backlog", "Planned sends due now, by kind", labels=["kind"])
    for kind, n in sorted(backlog.items()):
        planned.add_metric([kind], n)
    outbox = GaugeMetricFamily("dialogue_bot_outbox", "Deliveries not yet sent, by state", labels=["state"])
    for state, n in sorted(deliveries.items()):
        outbox.add_metric([state], n)
    lag = GaugeMetricFamily("dialogue_bot_scheduler_lag_seconds", "How long the oldest due send has waited")
    lag.add_metric([], lag_seconds)

    class _Now:
        def collect(self) -> list[GaugeMetricFamily]:
            return [planned, outbox, lag]

    registry = CollectorRegistry()
    registry.register(_Now())
    return generate_latest(registry)


def process_text() -> bytes:
    return generate_latest(METRICS.registry)
