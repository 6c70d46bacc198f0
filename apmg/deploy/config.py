"""Where to deploy and how carefully, read from the environment (CI secrets and
variables land there).

Credentials are not read here: boto3 finds them itself (``AWS_ACCESS_KEY_ID`` /
``AWS_SECRET_ACCESS_KEY``, a profile, or an assumed role).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from apmg.deploy.retirement import Grace

BUCKET = "APMG_S3_BUCKET"
REGION = "APMG_S3_REGION"
ENDPOINT = "APMG_S3_ENDPOINT_URL"
DISTRIBUTION = "APMG_CLOUDFRONT_DISTRIBUTION_ID"
# The address the pages were built for (the build's own setting): only a fallback for
# telling the site's absolute links from external ones when the home page has no
# canonical link.
SITEURL = "APMG_SITEURL"
RETIRE_DAYS = "APMG_DEPLOY_RETIRE_DAYS"
RETIRE_DEPLOYS = "APMG_DEPLOY_RETIRE_DEPLOYS"
MAX_RETIRE_PERCENT = "APMG_DEPLOY_MAX_RETIRE_PERCENT"
DEFAULT_MAX_RETIRE_PERCENT = 50


class ConfigError(Exception):
    """A setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class DeployConfig:
    bucket: str
    region: str
    endpoint_url: str | None = None
    distribution_id: str | None = None
    site_url: str = ""
    grace: Grace = field(default_factory=Grace)
    # a deploy that would retire more than this share of the live site needs --force
    max_retire_share: float = DEFAULT_MAX_RETIRE_PERCENT / 100

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> DeployConfig:
        """Read the settings, failing with a message that names the missing variable."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            return env.get(name, "").strip() or None

        def whole(name: str, default: int, most: int | None = None) -> int:
            text = get(name)
            if text is None:
                return default
            if not text.isdigit() or (most is not None and int(text) > most):
                limit = f" from 0 to {most}" if most is not None else ""
                raise ConfigError(f"{name} must be a whole number{limit}, not {text!r}")
            return int(text)

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
        grace = Grace(days=whole(RETIRE_DAYS, int(Grace.days)),
                      deploys=whole(RETIRE_DEPLOYS, Grace.deploys))
        share = whole(MAX_RETIRE_PERCENT, DEFAULT_MAX_RETIRE_PERCENT, most=100) / 100
        return cls(bucket=bucket, region=region, endpoint_url=endpoint,
                   distribution_id=get(DISTRIBUTION), site_url=get(SITEURL) or "",
                   grace=grace, max_retire_share=share)
