"""Process exit (atexit, in a real subprocess), os.fork(), many threads, and the module-level API."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import convosensei
from convosensei import Sensei
from sink import Answer

SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")


def run_app(code: str, timeout: float = 20) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=SRC)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_natural_exit__atexit_flushes_the_queue(sink):
    started = time.monotonic()
    p = run_app(f"""
        import convosensei
        convosensei.init(api_key="k", base_url="{sink.url}", flush_interval=60)
        convosensei.track(conversation_id="exit-1", messages=[{{"role": "user", "content": "bye"}}])
        convosensei.feedback("exit-1", "thumbs", 1)
        print("done")
    """)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "done"
    assert [m["content"] for m in sink.messages("exit-1")] == ["bye"]
    assert len(sink.feedback_requests()) == 1
    assert time.monotonic() - started < 10  # it did not wait for the 60 s interval


def test_natural_exit_while_sensei_is_down__exits_within_the_shutdown_timeout(sink):
    sink.responder = lambda req: Answer(503)
    started = time.monotonic()
    p = run_app(f"""
        import convosensei
        convosensei.init(api_key="k", base_url="{sink.url}", shutdown_timeout=0.5, retry_base=0.05)
        convosensei.track(conversation_id="exit-down", messages=[{{"role": "user", "content": "bye"}}])
    """)
    assert p.returncode == 0, p.stderr
    assert time.monotonic() - started < 5
    assert len(sink.track_requests()) >= 1


def test_sys_exit_with_a_status__flushes_and_keeps_the_status(sink):
    p = run_app(f"""
        import sys, convosensei
        s = convosensei.Sensei("k", base_url="{sink.url}", flush_interval=60)
        s.track("exit-3", [{{"role": "user", "content": "x"}}])
        sys.exit(3)
    """)
    assert p.returncode == 3
    assert len(sink.messages("exit-3")) == 1


@pytest.mark.skipif(not hasattr(os, "kill"), reason="POSIX signals")
def test_sigterm_turned_into_an_exit__flushes(sink):
    import signal
    p = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import signal, sys, time, convosensei
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # what gunicorn/uvicorn-style servers do
        convosensei.init(api_key="k", base_url="{sink.url}", flush_interval=60)
        convosensei.track(conversation_id="term-1", messages=[{{"role": "user", "content": "bye"}}])
        print("ready", flush=True)
        time.sleep(30)
    """)], env=dict(os.environ, PYTHONPATH=SRC), stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "ready"
    p.send_signal(signal.SIGTERM)
    assert p.wait(10) == 0
    assert [m["content"] for m in sink.messages("term-1")] == ["bye"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the thread's mask from /proc")
def test_sender_thread_blocks_the_apps_signals_so_the_main_thread_gets_them(sink):
    # A SIGTERM the kernel hands to the sender thread would not wake the app's main thread from a sleep or accept.
    import signal
    s = Sensei("k", base_url=sink.url, capture_exit=False, flush_interval=60)
    try:
        s.track("mask", [{"role": "user", "content": "x"}])
        sender = next(t for t in threading.enumerate() if t.name == "convosensei-sender")

        def blocked(native_id):
            with open(f"/proc/self/task/{native_id}/status") as f:
                mask = int(next(line for line in f if line.startswith("SigBlk:")).split()[1], 16)
            return {sig for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1)
                    if mask & (1 << (sig - 1))}

        assert blocked(sender.native_id) == {signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1}
        assert blocked(threading.get_native_id()) == set()  # the application's own thread is left as it was
    finally:
        s.shutdown(2)


def test_capture_exit_false__nothing_sent_at_exit(sink):
    p = run_app(f"""
        import convosensei
        s = convosensei.Sensei("k", base_url="{sink.url}", flush_interval=60, capture_exit=False)
        s.track("exit-no", [{{"role": "user", "content": "x"}}])
    """)
    assert p.returncode == 0
    assert sink.track_requests() == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX only")
def test_fork__child_starts_empty_with_its_own_sender_and_parent_keeps_its_queue(sink):
    s = Sensei("k", base_url=sink.url, capture_exit=False, flush_interval=60)
    s.track("parent", [{"role": "user", "content": "from parent"}])  # queued, sender thread running
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.close(r)
            queued_at_fork = s.stats().queued
            s.track("child", [{"role": "user", "content": "from child"}])
            ok = s.flush(5)
            report = {"queued_at_fork": queued_at_fork, "ok": ok, "stats": s.stats().__dict__}
            os.write(w, json.dumps(report).encode())
        finally:
            os._exit(0)
    os.close(w)
    _, status = os.waitpid(pid, 0)
    data = b""
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
    os.close(r)
    report = json.loads(data)
    assert status == 0
    assert report["queued_at_fork"] == 0 and report["ok"] is True
    assert report["stats"]["sent"] == 1
    assert [it["conversation_id"] for it in sink.items()] == ["child"]  # the parent's message was not re-sent
    assert s.stats().queued == 1
    assert s.flush(5)
    assert sorted(it["conversation_id"] for it in sink.items()) == ["child", "parent"]
    s.shutdown()


def test_many_threads__every_message_delivered_once_in_order_per_conversation(sink):
    s = Sensei("k", base_url=sink.url, capture_exit=False, flush_interval=0.01, max_queue_size=100_000)
    threads, per_thread = 16, 500

    def worker(t):
        for i in range(per_thread):
            s.track(f"thread-{t}", [{"role": "user", "content": str(i)}])
            if i % 100 == 0:
                s.feedback(f"thread-{t}", "rating", 1 + i % 5, user_id=str(i))

    ts = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert s.flush(30)
    st = s.stats()
    assert st.sent == threads * (per_thread + 5) and st.queued == 0 and st.failed == 0 and st.dropped == 0
    for t in range(threads):
        assert [int(m["content"]) for m in sink.messages(f"thread-{t}")] == list(range(per_thread))
    ids = [m["id"] for m in sink.messages()]
    assert len(ids) == len(set(ids))
    s.shutdown()


def test_flush_from_many_threads_while_tracking(sink):
    s = Sensei("k", base_url=sink.url, capture_exit=False, flush_interval=0.05)
    results = []

    def worker(t):
        for i in range(50):
            s.track(f"ft-{t}", [{"role": "user", "content": str(i)}])
        results.append(s.flush(10))

    ts = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert results == [True] * 8 and s.stats().sent == 400
    s.shutdown()


def test_module_api__init_track_end_feedback_flush_stats_shutdown(sink):
    errors: list = []
    first = convosensei.init(api_key="k1", base_url=sink.url, capture_exit=False, flush_interval=60)
    convosensei.track(conversation_id="mod-1", messages=[{"role": "user", "content": "one"}])
    second = convosensei.init(api_key="k2", base_url=sink.url, capture_exit=False, flush_interval=60,
                              on_error=errors.append)  # replaces (and shuts down, i.e. flushes) the first
    assert first.stats().sent == 1 and convosensei.get_instance() is second
    convosensei.track(conversation_id="mod-2", messages=[{"role": "user", "content": "two"}])
    convosensei.end("mod-2")
    convosensei.feedback("mod-2", "thumbs", "up")
    assert convosensei.flush(5)
    assert convosensei.stats().sent == 2
    keys = [r.headers["authorization"] for r in sink.requests]
    assert keys == ["Bearer k1", "Bearer k2", "Bearer k2"]
    assert convosensei.shutdown() is True
    assert convosensei.get_instance() is None
    convosensei.track(conversation_id="mod-3", messages=[{"role": "user", "content": "ignored"}])  # no instance
    assert convosensei.stats() == convosensei.Stats()
    assert errors == []


def test_no_api_key__reported_at_construction(monkeypatch):
    monkeypatch.delenv("SENSEI_API_KEY", raising=False)
    errors: list = []
    s = Sensei(base_url="http://127.0.0.1:9", capture_exit=False, on_error=errors.append)
    assert [e.code for e in errors] == ["unauthorized"]
    s.shutdown(0)


def test_env_vars__api_key_url_environment(monkeypatch, sink):
    monkeypatch.setenv("SENSEI_API_KEY", "sk_env")
    monkeypatch.setenv("SENSEI_URL", sink.url + "/")
    monkeypatch.setenv("SENSEI_ENVIRONMENT", "qa")
    s = Sensei(capture_exit=False)
    s.track("env-1", [{"role": "user", "content": "x"}])
    assert s.flush(5)
    assert sink.requests[0].headers["authorization"] == "Bearer sk_env"
    assert sink.items()[0]["environment"] == "qa"
    s.shutdown()
