"""The editor's local backend (apmg/cms/local_backend.py): decap-server on loopback only,
serving the project it was started for, and gone after stop()."""

from __future__ import annotations

import json
import os
import time
import urllib.request
from pathlib import Path

import pytest
from serving import free_port

from apmg.cms import local_backend


def post(port: int, body: dict) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1",
                                     data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def wait_for(port: int) -> dict:
    for _ in range(200):
        try:
            return post(port, {"action": "info"})
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"decap-server did not answer on port {port}")


def test_it_serves_the_project_on_loopback_and_stops(tmp_path):
    (tmp_path / "content" / "faqs").mkdir(parents=True)
    (tmp_path / "content" / "faqs" / "a.md").write_text("---\nquestion: A?\n---\nA.\n")
    port = free_port()
    process = local_backend.start(tmp_path, at=port)
    try:
        assert wait_for(port) == {"repo": tmp_path.name, "publish_modes": ["simple"],
                                  "type": "local_fs"}
        entries = post(port, {"action": "entriesByFolder", "params": {
            "branch": "main", "folder": "content/faqs", "extension": "md", "depth": 1}})
        assert [e["file"]["path"] for e in entries] == ["content/faqs/a.md"]
        table = Path("/proc/net/tcp").read_text().splitlines()[1:]
        listening = [line.split()[1] for line in table
                     if line.split()[3] == "0A"]  # state LISTEN: local address:port in hex
        assert f"0100007F:{port:04X}" in listening
        assert f"00000000:{port:04X}" not in listening
    finally:
        local_backend.stop(process)
    assert process.poll() is not None
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)


def test_only_a_preview_asks_for_it(monkeypatch):
    assert local_backend.wanted({"APMG_CMS_LOCAL": "1"})
    assert not local_backend.wanted({"APMG_CMS_LOCAL": "0"}) and not local_backend.wanted({})
    monkeypatch.delenv("APMG_CMS_LOCAL", raising=False)
    assert local_backend.start_for_preview() is None
    local_backend.stop(None)
    monkeypatch.setenv("APMG_CMS_PORT", "18123")
    assert local_backend.proxy_url() == "http://localhost:18123/api/v1"
