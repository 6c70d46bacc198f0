"""Where to deploy, read from the environment (CI secrets and variables land there).

Credentials are not read here: boto3 finds them itself (``AWS_ACCESS_KEY_ID`` /
``AWS_SECRET_ACCESS_KEY``, a profile, or an assumed role).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

BUCKET = "APMG_S3_BUCKET"
REGION = "APMG_S3_REGION"
ENDPOINT = "APMG_S3_ENDPOINT_URL"
DISTRIBUTION = "APMG_CLOUDFRONT_DISTRIBUTION_ID"
# Test hook: the deploy exits abruptly after this many bucket changes, as a killed
# CI job would, so tests can prove an interrupted deploy leaves the site whole.
STOP_AFTER = "APMG_DEPLOY_TEST_STOP_AFTER"


class ConfigError(Exception):
    """A setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class DeployConfig:
    bucket: str
    region: str
    endpoint_url: str | None = None
    distribution_id: str | None = None
    stop_after: int | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> DeployConfig:
        """Read the settings, failing with a message that names the missing variable."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            return env.get(name, "").strip() or None

        bucket = get(BUCKET)
        if not bucket:
            raise ConfigError(f"{BUCKET} is not set: export {BUCKET}=<bucket name> "
                              "(see docs/deploying.md)")
        endpoint = get(ENDPOINT)
        # S3-compatible stores ignore the region, AWS needs the bucket's own.
        region = get(REGION) or get("AWS_REGION") or get("AWS_DEFAULT_REGION")
        if not region:
            if not endpoint:
                raise ConfigError(f"{REGION} is not set: export {REGION}=<the bucket's "
                                  "AWS region, e.g. us-west-2>")
            region = "us-east-1"
        stop_after = get(STOP_AFTER)
        if stop_after is not None and not stop_after.isdigit():
            raise ConfigError(f"{STOP_AFTER} must be a whole number, not {stop_after!r}")
        return cls(bucket=bucket, region=region, endpoint_url=endpoint,
                   distribution_id=get(DISTRIBUTION),
                   stop_after=int(stop_after) if stop_after else None)
