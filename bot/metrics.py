"""What `GET /metrics` shows, in Prometheus' text format (prometheus-client): sends, 429s and retries by
method, the acks' latency, and — read from the database when scraped — the backlog and the scheduler's lag."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


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
