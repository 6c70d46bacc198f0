"""Fixtures of the deploy tests: one SeaweedFS per session, a fresh bucket per test."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest

from .weed import S3Server, start_weed, stop_weed, wait_until_writable


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """SeaweedFS with S3 on a free loopback port, for the whole session."""
    workdir = tmp_path_factory.mktemp("seaweedfs")
    proc, server, ports, log = start_weed(workdir)
    try:
        wait_until_writable(proc, server, log)
        yield server
    finally:
        stop_weed(proc, ports)


_bucket_numbers = itertools.count(1)


@pytest.fixture
def bucket(s3_server: S3Server, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty bucket for one test, removed afterwards (SeaweedFS gives each
    bucket its own volumes, and a session has only so many)."""
    slug = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:40]
    name = f"t{next(_bucket_numbers)}-{slug}".rstrip("-")
    client = s3_server.client()
    client.create_bucket(Bucket=name)
    yield name
    client.delete_bucket(Bucket=name)  # the server allows deleting a non-empty bucket


