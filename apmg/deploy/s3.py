"""The bucket: list, inspect, upload and delete objects, each call retried."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from apmg.deploy.config import DeployConfig
from apmg.deploy.plan import Headers, LocalFile, RemoteObject
from apmg.deploy.prefix import is_preview_key
from apmg.deploy.retirement import STATE_KEY, DeployState
from apmg.deploy.retry import with_retries

SHA256_META = "sha256"  # sent as x-amz-meta-sha256
DELETE_BATCH = 1000  # the most keys one DeleteObjects request accepts


def make_client(config: DeployConfig, *, max_pool: int = 10) -> Any:
    """An S3 client with bounded timeouts and botocore's standard retries."""
    options: dict[str, Any] = {
        "connect_timeout": 10,
        "read_timeout": 60,
        "retries": {"max_attempts": 3, "mode": "standard"},
        "max_pool_connections": max_pool,
    }
    if config.endpoint_url:
        # S3-compatible servers rarely have wildcard DNS for bucket subdomains.
        options["s3"] = {"addressing_style": "path"}
        # Since botocore 1.36 every upload carries a CRC checksum (sent as an
        # aws-chunked body with a trailer) and every download's checksum is checked.
        # Many S3-compatible stores reject that body or send no checksum back, so only
        # the operations that require one (DeleteObjects) get one, as before 1.36. The
        # sha256 in each object's metadata still lets the next deploy see a bad copy.
        options["request_checksum_calculation"] = "when_required"
        options["response_checksum_validation"] = "when_required"
    return boto3.client("s3", region_name=config.region, endpoint_url=config.endpoint_url,
                        config=Config(**options))


class Bucket:
    """One bucket of one client; every method is safe to call from several threads.

    With a ``prefix`` (a preview, :mod:`apmg.deploy.prefix`) the bucket is the objects
    under it: keys are read and written relative to it, the deploy state included.
    Without one it is the live site: everything but the previews' folder.
    """

    def __init__(self, client: Any, name: str, prefix: str = "") -> None:
        self.client = client
        self.name = name
        self.prefix = prefix

    def _key(self, key: str) -> str:
        return self.prefix + key

    def check(self) -> None:
        """Fail early (ClientError) when the bucket is missing or not ours to use."""
        with_retries(lambda: self.client.head_bucket(Bucket=self.name))

    def list(self) -> dict[str, RemoteObject]:
        """Every object in the bucket (under the prefix), by key relative to it (size
        only: hashes need :meth:`inspect`); without a prefix, none of the previews'."""
        objects: dict[str, RemoteObject] = {}
        token: str | None = None
        while True:
            kwargs = {"Bucket": self.name, **({"Prefix": self.prefix} if self.prefix else {}),
                      **({"ContinuationToken": token} if token else {})}
            page = with_retries(lambda kw=kwargs: self.client.list_objects_v2(**kw))
            for item in page.get("Contents", []):
                full = item["Key"]
                if not full.startswith(self.prefix) or (not self.prefix
                                                        and is_preview_key(full)):
                    continue
                key = full[len(self.prefix):]
                objects[key] = RemoteObject(key, item["Size"])
            if not page.get("IsTruncated"):
                return objects
            token = page["NextContinuationToken"]

    def inspect(self, key: str) -> RemoteObject:
        """Size, stored sha256 and headers of one object."""
        head = with_retries(lambda: self.client.head_object(Bucket=self.name,
                                                                Key=self._key(key)))
        headers = Headers(head.get("ContentType", ""), head.get("CacheControl", ""),
                          head.get("ContentEncoding") or None)
        return RemoteObject(key, head["ContentLength"],
                            head.get("Metadata", {}).get(SHA256_META), headers)

    def upload(self, f: LocalFile) -> None:
        """Put one file with its headers and its sha256 (what the next deploy compares)."""
        extra = {"ContentEncoding": f.headers.content_encoding} \
            if f.headers.content_encoding else {}
        body = f.path.read_bytes()
        with_retries(lambda: self.client.put_object(
            Bucket=self.name, Key=self._key(f.key), Body=body, ContentType=f.headers.content_type,
            CacheControl=f.headers.cache_control, Metadata={SHA256_META: f.sha256}, **extra))

    def read_state(self) -> DeployState:
        """The deploy state (:mod:`apmg.deploy.retirement`); a fresh one if there is none."""
        try:
            body = with_retries(lambda: self.client.get_object(
                Bucket=self.name, Key=self._key(STATE_KEY)))["Body"].read()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return DeployState()
            raise
        try:
            return DeployState.from_json(body)
        except (ValueError, KeyError, TypeError) as error:
            raise RuntimeError(f"s3://{self.name}/{self._key(STATE_KEY)} cannot be read ({error}): "
                               "delete it by hand (that only restarts the grace periods)"
                               ) from error

    def write_state(self, state: DeployState) -> None:
        """Replace the deploy state (never cached: it is the deploy's, not a visitor's)."""
        body = state.to_json().encode()
        with_retries(lambda: self.client.put_object(
            Bucket=self.name, Key=self._key(STATE_KEY), Body=body,
            ContentType="application/json",
            CacheControl="no-store"))

    def delete(self, keys: Iterable[str]) -> None:
        """Delete keys in order, in batches; any key the store refuses is an error."""
        keys = list(keys)
        for start in range(0, len(keys), DELETE_BATCH):
            batch = [{"Key": self._key(k)} for k in keys[start:start + DELETE_BATCH]]
            result = with_retries(lambda b=batch: self.client.delete_objects(
                Bucket=self.name, Delete={"Objects": b, "Quiet": True}))
            if result.get("Errors"):
                first = result["Errors"][0]
                raise RuntimeError(f"could not delete {first.get('Key')}: "
                                   f"{first.get('Code')} {first.get('Message')}")

    def remove_all(self) -> list[str]:
        """Delete every object under the prefix (a preview's removal), its deploy state
        last; return the keys deleted. Refused without a prefix: the live site is never
        removed this way."""
        if not self.prefix:
            raise ValueError("remove_all needs a prefix: it never removes the live site")
        keys = sorted(self.list(), key=lambda k: (k == STATE_KEY, k))
        self.delete(keys)
        return keys
