"""Bolt's App, with the HTTP answer leaving the moment a listener calls ack().

Bolt's usual mode (process_before_response=False) runs the listener on a thread and polls for its ack every
10 ms while holding the web thread; under a burst of clicks that poll is a good part of every ack. Here each
listener runs on a pool thread and the web thread waits on an event that ack() sets. What a listener does
after ack() carries on in the background, as before; events are acked at once, as Bolt does. A listener
whose ack is its last step (the Register click) is registered with `inline_action` and runs on the web thread
itself: no hand-over, and its 200 follows everything it did (`inline_view` likewise for a form's submission).

Bolt tries its listeners in order and asks each one's matcher; its own matchers need only the body, but each
call assembles every argument a listener could ask for first (tens of microseconds). Here they are given the
body alone: a request for the last listener registered no longer costs a few hundred of those assemblies.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.listener_matcher.builtins import BuiltinListenerMatcher
from slack_bolt.listener_matcher.listener_matcher import ListenerMatcher
from slack_bolt.middleware import Middleware

from bot.core.runtime import log

Register = Callable[..., Any]


class BodyMatcher(ListenerMatcher):
    """One of Bolt's own matchers (a function of the body alone), called with just the body."""

    def __init__(self, func: Callable[[dict[str, Any]], bool]) -> None:
        self.func = func

    def matches(self, req: BoltRequest, resp: BoltResponse) -> bool:
        return bool(self.func(req.body))


class AckFirstApp(App):
    def __init__(self, *, pool: ThreadPoolExecutor, **kwargs: Any):
        super().__init__(process_before_response=True, listener_executor=pool, **kwargs)
        self._pool = pool

    def action(self, *args: Any, **kwargs: Any) -> Register:
        return self._registering(super().action(*args, **kwargs))

    def inline_action(self, *args: Any, **kwargs: Any) -> Register:
        """For a listener whose last step is its ack (it hands anything slower to a lane of its own): it runs on
        the web thread itself, Bolt's own way with process_before_response, saving a thread hand-over per click."""
        return super().action(*args, **kwargs)

    def view(self, *args: Any, **kwargs: Any) -> Register:
        return self._registering(super().view(*args, **kwargs))

    def inline_view(self, *args: Any, **kwargs: Any) -> Register:
        """`inline_action` for a form's submission whose last step is its ack."""
        return super().view(*args, **kwargs)

    def _register_listener(
        self,
        functions: Sequence[Callable[..., BoltResponse | None]],
        primary_matcher: ListenerMatcher,
        matchers: Sequence[Callable[..., bool]] | None,
        middleware: Sequence[Callable[..., Any] | Middleware] | None,
        auto_acknowledgement: bool = False,
        ack_timeout: int = 3,
    ) -> Callable[..., BoltResponse | None] | None:
        if isinstance(primary_matcher, BuiltinListenerMatcher) and primary_matcher.arg_names == ["body"]:
            primary_matcher = BodyMatcher(primary_matcher.func)  # type: ignore[arg-type]
        return super()._register_listener(
            functions, primary_matcher, matchers, middleware, auto_acknowledgement, ack_timeout
        )

    def command(self, *args: Any, **kwargs: Any) -> Register:
        return self._registering(super().command(*args, **kwargs))

    def shortcut(self, *args: Any, **kwargs: Any) -> Register:
        return self._registering(super().shortcut(*args, **kwargs))

    def options(self, *args: Any, **kwargs: Any) -> Register:
        return self._registering(super().options(*args, **kwargs))

    def event(self, *args: Any, **kwargs: Any) -> Register:
        return self._registering(super().event(*args, **kwargs))

    def message(self, *args: Any, **kwargs: Any) -> Register:
        return self._registering(super().message(*args, **kwargs))

    def _registering(self, register: Register) -> Register:
        def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
            register(self._ack_first(fn))
            return fn

        return decorator

    def _ack_first(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        name = getattr(fn, "__name__", "listener")

        @functools.wraps(fn)  # Bolt reads the wrapped function's parameters to know what to pass
        def listener(**kwargs: Any) -> None:
            original = kwargs.get("ack")
            acked = threading.Event()
            failure: list[BaseException] = []
            if original is not None:

                def ack(*a: Any, **k: Any) -> Any:
                    try:
                        return original(*a, **k)
                    finally:
                        acked.set()

                kwargs["ack"] = ack
            else:
                acked.set()  # events: Bolt acks them as soon as this returns

            def run() -> None:
                try:
                    fn(**kwargs)
                except Exception as e:  # noqa: BLE001 - before the ack Bolt handles it; after, nobody waits
                    if original is not None and original.response is None:
                        failure.append(e)
                    else:
                        log.error("listener %s failed after its ack: %r", name, e, exc_info=e)
                finally:
                    acked.set()

            self._pool.submit(run)
            acked.wait()
            if failure:
                raise failure[0]  # Bolt's error handler logs it and Slack gets a 500

        return listener
