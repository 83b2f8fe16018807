"""Requests per client per minute: the limit-th request passes, the next is refused, the window slides."""

from __future__ import annotations

from assistant.guard.rate import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_at_the_limit_and_one_past_per_client() -> None:
    clock = Clock()
    limiter = RateLimiter(5, clock=clock)
    assert all(limiter.allow("a") for _ in range(5))
    assert not limiter.allow("a")
    assert limiter.allow("b")  # another client has its own count
    assert 1 <= limiter.retry_after("a") <= 61


def test_the_window_slides() -> None:
    clock = Clock()
    limiter = RateLimiter(2, clock=clock)
    assert limiter.allow("a")
    clock.now += 30
    assert limiter.allow("a") and not limiter.allow("a")
    clock.now += 30  # the first request is a minute old now
    assert limiter.allow("a") and not limiter.allow("a")


def test_zero_turns_it_off() -> None:
    limiter = RateLimiter(0)
    assert all(limiter.allow("a") for _ in range(1000))
