"""`make bench-sdk-python`: what track() costs the calling thread.

1. sender idle: track() calls while the background sender has nothing to do (batches of 90 messages, each
   followed by an untimed flush()), i.e. the bare cost of validation + queueing.
2. sender busy: back-to-back track() calls; every 100 messages the sender serialises and posts a batch on its own
   thread, which competes with the caller for the GIL — the worst case (the caller does nothing else).
3. paced: 10,000 track() calls/s for 5 s (sleeping between groups of 100, as an application doing other work
   would), the sender posting a batch every 10 ms.
The sink (a local HTTP server answering 207) runs in another process, so it takes no GIL time from this one.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))

from convosensei import Sensei  # noqa: E402

CALLS = int(os.environ.get("BENCH_CALLS", "100000"))
TEXT = ("Hi, I was charged twice for my subscription this month and I would like a refund for the second charge "
        "please.")
SINK = """
import sys, time
sys.path.insert(0, sys.argv[1])
from sink import Sink
s = Sink()
s.requests = type("Discard", (list,), {"append": lambda self, x: None})()  # keep no requests in memory
print(s.port, flush=True)
sys.stdin.read()
"""


def pct(values, p):
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def summary(name, times_ns):
    us = sorted(t / 1000 for t in times_ns)
    mean = sum(us) / len(us)
    print(f"{name}: {len(us):,} calls  p50 {pct(us, 50):.1f} µs  p99 {pct(us, 99):.1f} µs  "
          f"p99.9 {pct(us, 99.9):.1f} µs  max {us[-1]:.0f} µs  mean {mean:.1f} µs")


def message(i):
    return {"role": "assistant" if i % 2 else "user", "content": TEXT, "metadata": {"turn": i}, "latency_ms": 850,
            "tokens": 24}


def main():
    sink = subprocess.Popen([sys.executable, "-c", SINK, os.path.join(HERE, "..", "tests", "helpers")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    port = int(sink.stdout.readline())
    url = f"http://127.0.0.1:{port}"
    clock = time.perf_counter_ns
    try:
        print(f"Python {sys.version.split()[0]}, {CALLS:,} calls per scenario, one message per call "
              f"(~{len(TEXT)} chars, metadata, latency, tokens), 500 conversations")
        s = Sensei("sk_bench_x", base_url=url, capture_exit=False, max_queue_size=1_000_000, flush_interval=3600)
        for i in range(5000):  # warm-up
            s.track(f"conv-{i % 500}", [message(i)])
        s.flush()

        idle = []
        i = 0
        while i < CALLS:
            for _ in range(90):
                m = message(i)
                t0 = clock()
                s.track(f"conv-{i % 500}", [m])
                idle.append(clock() - t0)
                i += 1
            s.flush()
        summary("sender idle", idle)

        busy = []
        t_start = time.perf_counter()
        for i in range(CALLS):
            m = message(i)
            t0 = clock()
            s.track(f"conv-{i % 500}", [m])
            busy.append(clock() - t0)
        loop = time.perf_counter() - t_start
        s.flush()
        total = time.perf_counter() - t_start
        summary("sender busy", busy)
        st = s.stats()
        print(f"  {CALLS / loop:,.0f} track()/s offered; all {CALLS:,} delivered in {total:.2f} s "
              f"({CALLS / total:,.0f} messages/s end to end)")
        print(f"  stats: sent={st.sent} retried={st.retried} dropped={st.dropped} failed={st.failed}")

        rate, seconds = int(os.environ.get("BENCH_RATE", "10000")), float(os.environ.get("BENCH_SECONDS", "5"))
        paced = []
        start = time.perf_counter()
        cpu0 = time.process_time()
        n = int(rate * seconds)
        for i in range(n):
            if i % 100 == 0:
                lag = start + i / rate - time.perf_counter()
                if lag > 0:
                    time.sleep(lag)
            m = message(i)
            t0 = clock()
            s.track(f"conv-{i % 500}", [m])
            paced.append(clock() - t0)
        s.flush()
        wall = time.perf_counter() - start
        summary(f"paced {rate:,}/s", paced)
        print(f"  process CPU {100 * (time.process_time() - cpu0) / wall:.0f} % of one core over {wall:.1f} s "
              f"(caller + sender)")
        s.shutdown()
    finally:
        sink.stdin.close()
        sink.wait(5)


if __name__ == "__main__":
    main()
