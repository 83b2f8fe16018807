"""A sliding-window limit of requests per client per minute, shared by the web app's threads."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

WINDOW_S = 60.0
MAX_CLIENTS = 10_000
"""Clients remembered at once; the longest idle is forgotten first, so memory stays bounded."""


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        """Count one request of `client`; False when it made `per_minute` already in the last minute."""
        if self.per_minute <= 0:
            return True
        now = self._clock()
        with self._lock:
            times = self._seen.pop(client, None) or deque()
            while times and now - times[0] >= WINDOW_S:
                times.popleft()
            self._seen[client] = times
            while len(self._seen) > MAX_CLIENTS:
                self._seen.popitem(last=False)
            if len(times) >= self.per_minute:
                return False
            times.append(now)
            return True

    def retry_after(self, client: str) -> int:
        """Seconds until `client` may send again."""
        with self._lock:
            times = self._seen.get(client)
            if not times:
                return 0
            return max(1, int(WINDOW_S - (self._clock() - times[0])) + 1)
