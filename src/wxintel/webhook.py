"""POST a JSON body to a webhook, retrying with exponential back-off and a short timeout.

A receiver that is briefly down or overloaded (connection refused, timeout, 5xx, 429) gets
a few more tries; one that rejects the request (other 4xx) does not. The caller learns
whether delivery happened and keeps the items when it did not.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wxintel.settings import count, number

TIMEOUT_SECONDS = number("webhook_timeout_seconds")
ATTEMPTS = count("webhook_attempts")
BACKOFF_SECONDS = 0.5  # waits 0.5 s, 1 s, 2 s between the four attempts
RETRY_STATUSES = frozenset({408, 425, 429})


@dataclass
class Delivery:
    """What happened to one POST: success, how many tries, the last status or error."""

    ok: bool
    attempts: int
    status: int | None = None
    error: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"delivered (HTTP {self.status}, {self.attempts} attempt(s))"
        return f"not delivered after {self.attempts} attempt(s): {self.error}"


def post_json(
    url: str,
    body: Any,
    *,
    attempts: int = ATTEMPTS,
    timeout: float = TIMEOUT_SECONDS,
    backoff: float = BACKOFF_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """POST `body` as JSON to `url`; retry transient failures, waiting backoff·2ⁿ in between."""
    if not url.lower().startswith(("http://", "https://")):
        return Delivery(ok=False, attempts=0, error=f"not an http(s) URL: {url!r}")
    data = json.dumps(body, ensure_ascii=False, default=str).encode("utf-8")
    result = Delivery(ok=False, attempts=0)
    for attempt in range(1, attempts + 1):
        result = _post_once(url, data, timeout)
        result.attempts = attempt
        if result.ok or not _transient(result):
            return result
        if attempt < attempts:
            sleep(backoff * 2 ** (attempt - 1))
    return result


def _post_once(url: str, data: bytes, timeout: float) -> Delivery:
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "wxintel"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return Delivery(ok=200 <= response.status < 300, attempts=1, status=response.status)
    except urllib.error.HTTPError as exc:
        return Delivery(ok=False, attempts=1, status=exc.code, error=f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Delivery(ok=False, attempts=1, error=str(reason))


def _transient(result: Delivery) -> bool:
    """Worth another try: no answer at all, a server error, or "slow down"."""
    return result.status is None or result.status >= 500 or result.status in RETRY_STATUSES
