"""The server's guards around Gradio: the login throttle (with a recorded sleep and a made-up
clock, so no test waits or depends on timing) and the security headers."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

from assistant.web.guards import CSP, LoginThrottle, SecurityHeaders, ThrottledLogin


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def gradio_login(scope, receive, send) -> None:
    """Stands in for Gradio's POST /login: 200 for the right password, 400 otherwise."""
    body = (await receive())["body"].decode()
    ok = parse_qs(body).get("password") == ["right"]
    await send({"type": "http.response.start", "status": 200 if ok else 400, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


def login(app, password: str, client: str = "10.0.0.1", path: str = "/login") -> int:
    return asyncio.run(call(app, password, client, path))


async def call(app, password: str, client: str, path: str = "/login") -> int:
    scope = {"type": "http", "method": "POST", "path": path, "client": (client, 5000)}
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": f"username=u&password={password}".encode()}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"]


def throttled(clock: Clock | None = None) -> tuple[ThrottledLogin, list[float]]:
    asked: list[float] = []

    async def sleep(seconds: float) -> None:  # records the wait instead of waiting
        asked.append(seconds)
        await asyncio.sleep(0)  # but lets other requests run meanwhile

    throttle = LoginThrottle(base=0.5, cap=30.0, clock=clock or Clock())
    return ThrottledLogin(gradio_login, throttle, sleep=sleep), asked


def test_each_failed_login_makes_the_next_wait_longer_up_to_the_cap():
    app, asked = throttled()
    statuses = [login(app, "wrong") for _ in range(200)]
    assert set(statuses) == {400}
    # The first try waits for nothing; every later one waits, never less than the one before.
    assert len(asked) == 199
    assert asked[:7] == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0]
    assert all(b >= a for a, b in zip(asked, asked[1:], strict=False)) and max(asked) == 30.0
    assert sum(asked) > 5000  # 200 guesses now take well over an hour, not 0.3 s


def test_the_right_password_still_works_and_clears_the_failures():
    app, asked = throttled()
    for _ in range(3):
        login(app, "wrong")
    assert login(app, "right") == 200 and asked == [0.5, 1.0, 2.0]
    login(app, "wrong")
    login(app, "wrong")
    assert asked[3:] == [0.5]  # counted afresh after the success


def test_failures_count_per_client_address_and_are_forgotten_after_a_quiet_while():
    clock = Clock()
    app, asked = throttled(clock)
    for _ in range(4):
        login(app, "wrong", client="10.0.0.1")
    login(app, "wrong", client="10.0.0.2")  # another address starts with no wait
    assert asked == [0.5, 1.0, 2.0]
    clock.now += 901  # 15 minutes without a failure
    login(app, "wrong", client="10.0.0.1")
    assert asked == [0.5, 1.0, 2.0]


def test_parallel_guesses_from_one_address_queue_up_and_each_waits_more():
    app, asked = throttled()

    async def burst() -> list[int]:
        return await asyncio.gather(*(call(app, "wrong", "10.0.0.9") for _ in range(6)))

    assert asyncio.run(burst()) == [400] * 6
    assert asked == [0.5, 1.0, 2.0, 4.0, 8.0]


def test_only_posts_to_login_are_throttled():
    app, asked = throttled()
    for _ in range(3):
        login(app, "wrong", path="/login/")  # Gradio serves both spellings
    assert asked == [0.5, 1.0]
    login(app, "wrong", path="/gradio_api/upload")
    assert asked == [0.5, 1.0]  # no wait, and no failure counted
    assert login(app, "right", path="/login") == 200 and asked[-1] == 2.0


def test_every_response_carries_the_content_security_policy():
    app = SecurityHeaders(gradio_login)
    sent: list[dict] = []

    async def run() -> None:
        async def receive() -> dict:
            return {"type": "http.request", "body": b"password=x"}

        async def send(message: dict) -> None:
            sent.append(message)

        await app({"type": "http", "method": "POST", "path": "/login"}, receive, send)

    asyncio.run(run())
    headers = dict(sent[0]["headers"])
    assert headers[b"content-security-policy"] == CSP.encode()
    assert "img-src 'self' data: blob:" in CSP and "connect-src 'self'" in CSP
    assert "frame-src 'self'" in CSP and "script-src 'self' " in CSP and "http" not in CSP
