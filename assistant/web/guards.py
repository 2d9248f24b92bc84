"""What the server adds around Gradio's own app (ASGI middleware): a Content-Security-Policy on
every response, and a growing delay before each login attempt after failed ones."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

# Only the page's own origin may serve images, scripts, styles, fonts, frames and connections:
# an answer or a document that smuggles in an <img src="http://elsewhere/…"> makes the browser
# fetch nothing. Gradio 6 needs inline scripts and styles (its index.html and components),
# 'unsafe-eval' (gr.HTML compiles its template with Function, so without it no source card
# shows; the `js=` of an event runs the same way), data: and blob: images (icons, uploads), blob:
# workers; its events arrive over same-origin fetch and server-sent events.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "media-src 'self' data: blob:",
        "connect-src 'self'",
        "frame-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeaders:
    """Adds the Content-Security-Policy (and ``nosniff``) to every HTTP response."""

    def __init__(self, app: ASGIApp, policy: str = CSP) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [h for h in self.headers if h[0] not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class LoginThrottle:
    """Failed logins per client address, and the wait each address owes before its next try:
    nothing before the first failure, then ``base`` seconds, doubling with each further failure
    up to ``cap``. A success clears the address; so does ``forget`` seconds without a failure.
    At most ``max_addresses`` are remembered (the longest quiet go first)."""

    def __init__(
        self,
        base: float = 0.5,
        cap: float = 30.0,
        forget: float = 900.0,
        max_addresses: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base, self.cap, self.forget = base, cap, forget
        self.max_addresses = max_addresses
        self.clock = clock
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # count, last at

    def failures(self, address: str) -> int:
        count, at = self._failures.get(address, (0, 0.0))
        if count and self.clock() - at > self.forget:
            del self._failures[address]
            return 0
        return count

    def delay(self, address: str) -> float:
        """Seconds to wait before the next attempt from ``address`` is checked."""
        count = self.failures(address)
        return 0.0 if count == 0 else min(self.cap, self.base * 2 ** (count - 1))

    def failed(self, address: str) -> None:
        count = self.failures(address) + 1
        self._failures[address] = (count, self.clock())
        self._failures.move_to_end(address)
        while len(self._failures) > self.max_addresses:
            self._failures.popitem(last=False)

    def succeeded(self, address: str) -> None:
        self._failures.pop(address, None)


class ThrottledLogin:
    """Holds each ``POST …/login`` for the delay its client address owes, one attempt at a time
    per address (so parallel guesses queue up), and tells the throttle how it went (Gradio
    answers a wrong password with 400, a right one with 200)."""

    def __init__(
        self,
        app: ASGIApp,
        throttle: LoginThrottle | None = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.app = app
        self.throttle = throttle or LoginThrottle()
        self.sleep = sleep
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}  # per address: lock, users

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "").rstrip("/")
        if scope["type"] != "http" or scope.get("method") != "POST" or not path.endswith("/login"):
            await self.app(scope, receive, send)
            return
        address = (scope.get("client") or ("unknown", 0))[0]
        lock, users = self._locks.get(address, (asyncio.Lock(), 0))
        self._locks[address] = (lock, users + 1)
        try:
            async with lock:
                wait = self.throttle.delay(address)
                if wait > 0:
                    await self.sleep(wait)
                status = 0

                async def watch(message: Message) -> None:
                    nonlocal status
                    if message["type"] == "http.response.start":
                        status = message["status"]
                    await send(message)

                await self.app(scope, receive, watch)
                if status == 200:
                    self.throttle.succeeded(address)
                elif 400 <= status < 500:
                    self.throttle.failed(address)
        finally:
            lock, users = self._locks[address]
            if users > 1:
                self._locks[address] = (lock, users - 1)
            else:
                del self._locks[address]
