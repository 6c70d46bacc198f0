"""The bucket: list, inspect, upload and delete objects, each call retried."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import boto3
from botocore.config import Config

from apmg.deploy.config import DeployConfig
from apmg.deploy.plan import Headers, LocalFile, RemoteObject
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
    return boto3.client("s3", region_name=config.region, endpoint_url=config.endpoint_url,
                        config=Config(**options))


class Bucket:
    """One bucket of one client; every method is safe to call from several threads."""

    def __init__(self, client: Any, name: str) -> None:
        self.client = client
        self.name = name

    def check(self) -> None:
        """Fail early (ClientError) when the bucket is missing or not ours to use."""
        with_retries(lambda: self.client.head_bucket(Bucket=self.name))

    def list(self) -> dict[str, RemoteObject]:
        """Every object in the bucket, by key (size only: hashes need :meth:`inspect`)."""
        objects: dict[str, RemoteObject] = {}
        token: str | None = None
        while True:
            kwargs = {"Bucket": self.name, **({"ContinuationToken": token} if token else {})}
            page = with_retries(lambda kw=kwargs: self.client.list_objects_v2(**kw))
            for item in page.get("Contents", []):
                objects[item["Key"]] = RemoteObject(item["Key"], item["Size"])
            if not page.get("IsTruncated"):
                return objects
            token = page["NextContinuationToken"]

    def inspect(self, key: str) -> RemoteObject:
        """Size, stored sha256 and headers of one object."""
        head = with_retries(lambda: self.client.head_object(Bucket=self.name, Key=key))
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
            Bucket=self.name, Key=f.key, Body=body, ContentType=f.headers.content_type,
            CacheControl=f.headers.cache_control, Metadata={SHA256_META: f.sha256}, **extra))

    def delete(self, keys: Iterable[str]) -> None:
        """Delete keys in order, in batches; any key the store refuses is an error."""
        keys = list(keys)
        for start in range(0, len(keys), DELETE_BATCH):
            batch = [{"Key": k} for k in keys[start:start + DELETE_BATCH]]
            result = with_retries(lambda b=batch: self.client.delete_objects(
                Bucket=self.name, Delete={"Objects": b, "Quiet": True}))
            if result.get("Errors"):
                first = result["Errors"][0]
                raise RuntimeError(f"could not delete {first.get('Key')}: "
                                   f"{first.get('Code')} {first.get('Message')}")
