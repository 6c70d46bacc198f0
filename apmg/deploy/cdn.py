"""CloudFront invalidation of the pages a deploy changed.

HTML is sent with ``max-age=0, must-revalidate``, but a CloudFront distribution may
still hold it for its default TTL, and may have cached a 404 for a page that now
exists: invalidating exactly the changed pages makes the new site visible at once.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

import boto3

from apmg.deploy.plan import is_html
from apmg.deploy.retry import with_retries
from apmg.headers import strip_compression

# Past this many paths one wildcard is cheaper (CloudFront bills per path) and stays
# under the 3000-paths-in-progress limit.
MAX_PATHS = 1000


def invalidation_paths(keys: Iterable[str]) -> list[str]:
    """CDN paths of the HTML among ``keys``: ``a/index.html`` -> ``/a/`` and ``/a/index.html``."""
    paths: set[str] = set()
    for key in keys:
        key = strip_compression(key)
        if not is_html(key):
            continue
        paths.add("/" + quote(key))
        if key == "index.html" or key.endswith("/index.html"):
            paths.add("/" + quote(key[: -len("index.html")]))
    if len(paths) > MAX_PATHS:
        return ["/*"]
    return sorted(paths)


def make_client() -> Any:
    """CloudFront is global; its API lives in us-east-1."""
    return boto3.client("cloudfront", region_name="us-east-1")


def invalidate(client: Any, distribution_id: str, paths: list[str]) -> str | None:
    """Create one invalidation for ``paths``; return its id, or None when there is none to do."""
    if not paths:
        return None
    reference = hashlib.sha256(f"{time.time_ns()} {paths}".encode()).hexdigest()[:32]
    result = with_retries(lambda: client.create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={"Paths": {"Quantity": len(paths), "Items": paths},
                           "CallerReference": reference}))
    return result["Invalidation"]["Id"]
