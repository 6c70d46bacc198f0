"""Retry a call on transient failures, with exponential backoff and jitter.

botocore already retries each HTTP request (standard mode). This outer loop covers
what survives that: a dropped connection, a store restarting, a burst of 503s.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

T = TypeVar("T")

TRANSIENT_CODES = frozenset({
    "RequestTimeout", "RequestTimeoutException", "SlowDown", "Throttling",
    "ThrottlingException", "TooManyRequestsException", "ServiceUnavailable",
    "InternalError", "OperationAborted",
})


def is_transient(error: BaseException) -> bool:
    """Worth trying again: network trouble, throttling or a 5xx from the store."""
    if isinstance(error, ConnectionError | HTTPClientError):
        return True
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return status >= 500 or error.response.get("Error", {}).get("Code") in TRANSIENT_CODES
    return False


def with_retries(call: Callable[[], T], *, attempts: int = 4, base_delay: float = 0.5,
                 max_delay: float = 8.0, sleep: Callable[[float], None] = time.sleep) -> T:
    """Run ``call``; on a transient error wait 0.5 s, 1 s, 2 s ... (with jitter) and retry."""
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except Exception as error:
            if attempt == attempts or not is_transient(error):
                raise
            delay = min(max_delay, base_delay * 2 ** (attempt - 1))
            sleep(delay * random.uniform(0.5, 1.0))
    raise AssertionError("unreachable")
