"""``apmg bench``'s parts that need no stopwatch: the event-stream client (against a
scripted socket server and against make serve's real handler), the memory sampler on a
real process tree, the targets' verdicts, the report's ratios and the --quick plan.
No test here asserts a duration."""

from __future__ import annotations

import argparse
import functools
import math
import socket
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from apmg.bench import main as bench_main
from apmg.bench import memory, reload, report, runner, synth, targets, variants
from apmg.bench.sse import Event, EventParser, EventStream, StreamError, page_version
from apmg.cli import bench_cmd
from apmg.serve import Handler, Reloader

STREAM = (b"HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"
          b": keep-alive\n\nevent: reload\ndata: 1\n\n")


# --- the event-stream parser ---------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
def test_parser_gives_the_same_events_however_the_bytes_are_split(size: int) -> None:
    data = (b": keep-alive\r\n\r\nevent: reload\r\ndata: 1\r\n\r\n"
            b"data: one\ndata:two\n\nevent: reload\rdata: 2\r\r\n")
    parser = EventParser()
    events = []
    for start in range(0, len(data), size):
        events += parser.feed(data[start:start + size])
    assert events == [Event("reload", "1"), Event("message", "one\ntwo"), Event("reload", "2")]


def test_parser_keeps_an_unfinished_event_for_the_next_chunk() -> None:
    parser = EventParser()
    assert parser.feed(b"event: reload\ndata: 1\n") == []
    assert parser.feed(b"\n") == [Event("reload", "1")]


# --- the client against a scripted server ----------------------------------------------------


def scripted_server(pieces: list[bytes]) -> tuple[int, threading.Thread]:
    """A one-connection server that reads the request, then sends ``pieces`` one by one."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    sent = threading.Event()

    def serve() -> None:
        with listener:
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                for piece in pieces:
                    connection.sendall(piece)
                sent.wait(5)  # keep the connection open until the test has read

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    thread.sent = sent  # type: ignore[attr-defined]
    return port, thread


def test_stream_reads_events_split_across_packets() -> None:
    port, server = scripted_server([STREAM[:30], STREAM[30:70], STREAM[70:]])
    with EventStream("127.0.0.1", port, "/__events?since=0") as stream:
        assert stream.next_event(5) == Event("reload", "1")
        assert stream.next_event(0.05) is None  # nothing more: None, not an exception
    server.sent.set()


def test_stream_refuses_an_answer_that_is_not_an_event_stream() -> None:
    port, server = scripted_server([b"HTTP/1.0 404 Not Found\r\nContent-Type: text/html\r\n\r\n"])
    with pytest.raises(StreamError, match=r"/__events\?since=0: expected a 200 "
                                          r"text/event-stream answer, got 'HTTP/1.0 404"):
        EventStream("127.0.0.1", port, "/__events?since=0")
    server.sent.set()


def test_stream_says_when_the_server_closed_it() -> None:
    port, server = scripted_server([STREAM])
    with EventStream("127.0.0.1", port, "/__events") as stream:
        assert stream.next_event(5).name == "reload"
        server.sent.set()
        with pytest.raises(StreamError, match="closed the event stream"):
            stream.next_event(5)


# --- the client against make serve's own handler --------------------------------------------


@pytest.fixture
def preview(tmp_path: Path):
    """apmg.serve's real Handler and Reloader over a one-page site."""
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title><head></head>")
    reloader = Reloader()
    handler = type("BoundHandler", (Handler,), {"reloader": reloader})
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(handler, directory=str(tmp_path)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], reloader
    server.shutdown()
    server.server_close()


def test_page_version_and_one_latency_per_edit(preview, tmp_path: Path) -> None:
    port, reloader = preview
    reloader.bump()
    reloader.bump()
    assert page_version(f"http://127.0.0.1:{port}/") == 2
    saved, settled = [], []

    def edit(n: int) -> None:  # what the watcher and a build would do: a write, then a bump
        (tmp_path / "page.md").write_text(f"edit {n}\n")
        saved.append(n)
        threading.Timer(0.01, reloader.bump).start()

    with EventStream("127.0.0.1", port, "/__events?since=2") as stream:
        latencies = reload.measure_edits(stream, edit, 3, lambda: settled.append(1))
    assert saved == [1, 2, 3] and len(settled) == 3
    assert len(latencies) == 3 and all(s > 0 for s in latencies)


def test_a_missing_reload_names_the_edit(preview) -> None:
    port, _ = preview
    with EventStream("127.0.0.1", port, "/__events?since=0") as stream, \
            pytest.raises(StreamError, match="edit 1: no reload event within 0.1 s"):
        reload.measure_edits(stream, lambda n: None, 2, lambda: None, timeout=0.1)


# --- memory ---------------------------------------------------------------------------------


def test_tree_memory_counts_the_children() -> None:
    code = ("import subprocess, sys, time; "
            "c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)']); "
            "print(c.pid, flush=True); time.sleep(30)")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())
        tree = memory.descendants(parent.pid)
        assert tree[0] == parent.pid and child in tree
        assert memory.tree_mb(parent.pid) > memory.pss_kib(parent.pid) / 1024 > 0
    finally:
        subprocess.run(["kill", str(child)], check=False)
        parent.kill()
        parent.wait()


# --- targets and the report -----------------------------------------------------------------


def test_target_lines() -> None:
    reload_real = next(t for t in targets.TARGETS if t.key == targets.RELOAD_REAL)
    assert reload_real.line({targets.RELOAD_REAL: 0.84}) == (
        "edit to reload, real size (median): 0.84 s (target 0.2 s) NOT MET")
    assert reload_real.line({targets.RELOAD_REAL: 0.2}).endswith("(target 0.2 s) met")
    assert reload_real.line({}) == "edit to reload, real size (median): not measured " \
                                   "(target 0.2 s)"
    cold = next(t for t in targets.TARGETS if t.key == targets.COLD_RATIO)
    assert cold.line({targets.COLD_RATIO: 1.37}).endswith(": 1.37x (target 1x) NOT MET")
    assert math.isnan(targets.ratio(1.0, 0.0)) and math.isnan(targets.ratio(math.nan, 1.0))


def timing(name: str, seconds: float, cpu: float, tree: float, failed: str = ""
           ) -> runner.Timing:
    return runner.Timing(variants.Variant(name, ["true"], Path(".")), [seconds], [cpu],
                         peak_mb=tree / 2, tree_mb=tree, failed=failed)


def results() -> bench_main.Results:
    return bench_main.Results(
        timings={targets.SIZE: [timing(variants.COLD, 12.0, 20.0, 300.0),
                                timing(variants.NO_SEARCH, 9.0, 15.0, 150.0),
                                timing(variants.UNCHANGED, 0.9, 1.0, 140.0),
                                timing(variants.STOCK, 6.0, 5.0, 50.0),
                                timing("Hugo", 1.0, 1.5, 200.0, failed="exit 1: | no hugo")]},
        runs={targets.SIZE: 1},
        reloads=[reload.ReloadTiming(bench_main.REAL, 142, 4.0, [0.3, 0.1, 0.2]),
                 reload.ReloadTiming(bench_main.sized(targets.SIZE), 1517, failed="died\nx")])


def test_figures_come_from_the_target_size() -> None:
    figures = bench_main.figures(results())
    assert figures[targets.COLD_RATIO] == 2.0
    assert figures[targets.UNCHANGED] == 0.9
    assert figures[targets.MEMORY_RATIO] == 3.0
    assert figures[targets.RELOAD_REAL] == 0.2
    assert math.isnan(figures[targets.RELOAD_SIZE])  # that session failed


def test_speed_table_ratios_are_to_stock_pelican() -> None:
    table = report.speed_table(targets.SIZE, results().timings[targets.SIZE], 1)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in table.splitlines()}
    assert "| 12.00 | 20.00 | 300 | 150 | 2.00 | 4.00 | 6.00 |" in rows[variants.COLD]
    assert "| 1.00 | 1.00 | 1.00 |" in rows[variants.STOCK]
    assert "| failed |" in rows["Hugo"] and "exit 1: / no hugo" in rows["Hugo"]
    assert "(median of 1 run)" in table


def test_whole_report() -> None:
    text = bench_main.render(results(), bench_main.Plan([targets.SIZE], command="apmg bench"))
    assert text.index("### Targets") < text.index("### Edit to reload") < text.index("### N =")
    assert "- cold full build, N = 1000, wall / stock Pelican without typogrify: 2.00x " \
           "(target 1x) NOT MET" in text
    assert f"- edit to reload, N = {targets.SIZE} (median): not measured" in text
    assert "| real content/ | 142 | 4.0 | 0.20 | 0.30 | 0.30 0.10 0.20 |" in text
    assert "| N = 1000 | 1517 | failed | | | died x |" in text


# --- the command line -----------------------------------------------------------------------


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    bench_cmd.add_arguments(parser)
    return parser.parse_args(argv)


def test_quick_measures_every_target_once() -> None:
    plan = bench_cmd.plan(parse("--quick"))
    assert plan.sizes == [targets.SIZE] and plan.runs == 1 and plan.edits == 5
    assert plan.only == ["ours", "pelican"] and not plan.weight


def test_bad_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match=r"--sizes must be numbers separated by commas "
                                         r"\(got '100,lots'\)"):
        bench_cmd.plan(parse("--sizes", "100,lots"))


# --- one real make serve session ------------------------------------------------------------


def test_session_against_the_real_serve(tmp_path: Path) -> None:
    content = synth.generate(tmp_path / "content", 3)
    timing = reload.session("tiny", content, tmp_path / "serve", edits=2)
    assert timing.failed == ""
    assert len(timing.latencies) == 2
    assert (content / "procedures").is_dir()  # the session edited its own copy
    assert "Bench edit" not in reload.edited_file(content).read_text()
    assert "Bench edit number 2." in reload.edited_file(
        tmp_path / "serve" / "content").read_text()
