"""Waiting for a condition in the page under Rumo's Content-Security-Policy.

Playwright's ``wait_for_function`` compiles its predicate inside the page with ``eval``, which
the policy (rightly) forbids; ``page.evaluate`` goes through the browser's debugging protocol,
which the policy does not govern, so the condition is polled from the test instead."""

import time


def wait_until(page, expression: str, timeout: float = 10000, interval: float = 100) -> None:
    """Poll ``expression`` in ``page`` until it is truthy; fail after ``timeout`` ms."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:.0f} ms: {expression}")
        page.wait_for_timeout(interval)
