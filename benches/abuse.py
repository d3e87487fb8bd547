#!/usr/bin/env python3
"""Attacks on a running hojokin, each measured, each checked against issue 16's acceptance.

    python3 benches/abuse.py --addr 127.0.0.1:8080 --pid PID [--small] [--only NAME ...]

Attacks: amplification (100,000 unknown keys), plans (8 and 16 concurrent worst-case plans),
gone (a plan whose client leaves),
trickle (keep-alive connections trickling a second request's headers), methods (random methods
against the metrics), while a prober measures /healthz latency. Prints one line per figure and
exits 1 when an acceptance check fails. Standard library only. --small uses bounded figures
for CI (fewer connections and methods); the checks are the same.
"""

import argparse
import json
import os
import random
import socket
import string
import sys
import threading
import time

FAILED = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        FAILED.append(what)


def request(addr, method, path, body=b"", headers=None, timeout=30):
    """One HTTP/1.1 request on its own connection: (status, body bytes, seconds)."""
    host, port = addr.rsplit(":", 1)
    head = f"{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n"
    for k, v in (headers or {}).items():
        head += f"{k}: {v}\r\n"
    if body:
        head += f"Content-Length: {len(body)}\r\n"
    t = time.monotonic()
    try:
        with socket.create_connection((host, int(port)), timeout=timeout) as s:
            s.sendall(head.encode() + b"\r\n" + body)
            out = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
    except OSError:
        return 0, b"", time.monotonic() - t
    took = time.monotonic() - t
    try:
        status = int(out.split(b" ", 2)[1])
    except (IndexError, ValueError):
        status = 0
    return status, out.split(b"\r\n\r\n", 1)[-1], took


def post_json(addr, path, body, timeout=60):
    return request(addr, "POST", path, body, {"Content-Type": "application/json"}, timeout)


def proc(pid, field):
    """VmRSS / VmHWM in MB from /proc."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


class Prober:
    """Asks /healthz every 50 ms on a fresh connection; p99 and worst of the latencies."""

    def __init__(self, addr):
        self.addr, self.times, self.failures = addr, [], 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            status, _, took = request(self.addr, "GET", "/healthz", timeout=5)
            if status == 200:
                self.times.append(took)
            else:
                self.failures += 1
            time.sleep(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        self.thread.join()

    def p99(self):
        if not self.times:
            return float("inf")
        t = sorted(self.times)
        return t[min(len(t) - 1, int(len(t) * 0.99))]


def many_keys(n):
    keys = []
    for i in range(n):
        k, x = "", i
        while True:
            k = "0123456789abcdefghijklmnopqrstuvwxyz"[x % 36] + k
            x //= 36
            if x == 0:
                break
        keys.append(f'"{k}":0')
    return ("{" + ",".join(keys) + "}").encode()


def amplification(args):
    body = many_keys(100_000)
    rss0 = proc(args.pid, "VmRSS")
    with Prober(args.addr) as probe:
        status, answer, took = post_json(args.addr, "/v1/eligibility", body)
        threads = [
            threading.Thread(target=post_json, args=(args.addr, "/v1/eligibility", body))
            for _ in range(4)
        ]
        t4 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        t4 = time.monotonic() - t4
    rss1 = proc(args.pid, "VmRSS")
    print(
        f"amplification: body {len(body)} bytes -> {status} of {len(answer)} bytes in {took * 1000:.0f} ms;"
        f" four in parallel {t4 * 1000:.0f} ms; RSS {rss0:.1f} -> {rss1:.1f} MB (peak {proc(args.pid, 'VmHWM'):.1f} MB);"
        f" /healthz p99 {probe.p99() * 1000:.1f} ms, {probe.failures} failed"
    )
    check(status == 422, "100,000 unknown keys answer 422")
    check(len(answer) < 64 * 1024, f"the answer is under 64 KB ({len(answer)} bytes)")
    check(took < 0.1, f"in under 100 ms ({took * 1000:.0f} ms)")
    check(rss1 - rss0 < 20, f"RSS grows under 20 MB ({rss1 - rss0:.1f} MB)")
    check(probe.p99() < 0.5 and probe.failures == 0, "/healthz answers within 0.5 s")


def worst_plan():
    cats = ["software", "cloud_service", "implementation", "hardware_pc", "ict_equipment",
            "network", "security_service", "labor_management", "ehr_standardization",
            "checkup_integration"]
    ps = [{"id": "eprescription", "category": "software", "amount_yen": 4059000,
           "introduces": "e_prescription"}]
    for i in range(1, 200):
        p = {"id": f"p{i:03}", "category": cats[i % len(cats)],
             "amount_yen": 60000 + ((i * 7919) % 97) * 61000}
        if i % 11 == 0:
            p["earliest_on"] = "2026-04-01"
        ps.append(p)
    return json.dumps({
        "as_of": "2025-06-01",
        "facility": {"facility_type": "hospital", "beds": 150, "operator_type": "medical_corporation",
                     "employees": 180, "capital_yen": 0, "prefecture": "31",
                     "introduced": ["online_eligibility", "health_checkup_system"], "intends": [],
                     "previous_grants": [], "designations": [], "services": [],
                     "fee_notifications": [{"fee": "base_up_evaluation", "notified_on": "2024-06-01"}],
                     "it_tool": {"processes": 4, "invoice_functions": 2}},
        "purchases": ps, "goals": ["efficiency", "information_sharing"], "horizon_years": 3,
    }).encode()


def plans(args):
    body = worst_plan()
    for n in (8, 16):
        results = []
        lock = threading.Lock()

        def one():
            status, answer, took = post_json(args.addr, "/v1/plans", body, timeout=60)
            solver = ""
            if status == 200:
                solver = json.loads(answer).get("solver", {}).get("status", "")
            elif answer:
                solver = json.loads(answer).get("code", "")
            with lock:
                results.append((status, solver, took, time.monotonic()))

        with Prober(args.addr) as probe:
            start = time.monotonic()
            threads = [threading.Thread(target=one) for _ in range(n)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            last = max(r[3] for r in results)
            cpu_at_last = cpu_seconds(args.pid)
            time.sleep(2)
            cpu_2s = cpu_seconds(args.pid) - cpu_at_last
        wall = last - start
        ok = [r for r in results if r[0] == 200]
        kinds = {}
        for r in results:
            kinds[f"{r[0]} {r[1]}"] = kinds.get(f"{r[0]} {r[1]}", 0) + 1
        slowest_refusal = max((r[2] for r in results if r[0] == 503), default=0)
        print(
            f"plans x{n}: {len(ok)} plans in {wall:.2f} s (goodput {len(ok) / wall:.2f}/s); answers {kinds};"
            f" slowest 503 {slowest_refusal * 1000:.0f} ms; CPU after the last answer: {cpu_2s:.2f} s in 2 s"
            f" (of which the prober's /healthz); /healthz p99 {probe.p99() * 1000:.1f} ms, {probe.failures} failed"
        )
        check(all(r[0] in (200, 503) for r in results), f"x{n}: every plan answers 200 or 503")
        check(len(ok) >= 1, f"x{n}: at least one plan is computed")
        check(probe.p99() < 0.5 and probe.failures == 0, f"x{n}: /healthz answers within 0.5 s")
        check(cpu_2s < 0.5, f"x{n}: the CPU is idle within 2 s of the last answer ({cpu_2s:.2f} s used)")


def gone(args):
    """A worst-case plan whose client leaves after 0.5 s: the work stops with it."""
    body = worst_plan()
    host, port = args.addr.rsplit(":", 1)
    s = socket.create_connection((host, int(port)))
    s.sendall(f"POST /v1/plans HTTP/1.1\r\nHost: {args.addr}\r\nContent-Type: application/json\r\n"
              f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    time.sleep(0.5)
    s.close()
    time.sleep(0.2)
    c0 = cpu_seconds(args.pid)
    time.sleep(2)
    used = cpu_seconds(args.pid) - c0
    print(f"gone: a worst-case plan whose client left after 0.5 s; CPU {used:.2f} s in the 2 s after")
    check(used < 0.3, f"the plan stops when its client has gone ({used:.2f} s used)")


def malformed(args):
    """Requests the connection cannot read: a problem answer each, and no ERROR log line."""
    host, port = args.addr.rsplit(":", 1)
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(120))
    for raw, want in [(b"GARBAGE\r\n\r\n", 400),
                      (b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n", 431)]:
        with socket.create_connection((host, int(port)), timeout=5) as s:
            s.sendall(raw)
            out = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
        ok = out.startswith(b"HTTP/1.1 %d" % want) and b"application/problem+json" in out
        check(ok, f"a request the connection cannot read is answered {want} problem+json")


def trickle(args):
    n = 100 if args.small else 2000
    host, port = args.addr.rsplit(":", 1)
    conns = []
    for _ in range(n):
        s = socket.create_connection((host, int(port)), timeout=5)
        s.sendall(f"GET /healthz HTTP/1.1\r\nHost: {args.addr}\r\n\r\n".encode())
        conns.append(s)
    for s in conns:
        s.recv(65536)
    # The second request's headers, one byte per second on every connection.
    line = f"GET /healthz HTTP/1.1\r\nHost: {args.addr}\r\nX-Slow: " + "a" * 100
    open_ = set(range(n))
    closed_at = {}
    start = time.monotonic()
    with Prober(args.addr) as probe:
        for i in range(20):
            for k in list(open_):
                s = conns[k]
                try:
                    s.sendall(line[i].encode())
                    s.setblocking(False)
                    try:
                        if s.recv(65536) == b"":
                            raise OSError("closed")
                    except BlockingIOError:
                        pass
                    finally:
                        s.setblocking(True)
                except OSError:
                    open_.discard(k)
                    closed_at[k] = time.monotonic() - start
            if not open_:
                break
            time.sleep(1)
    for s in conns:
        s.close()
    worst = max(closed_at.values(), default=float("inf"))
    print(
        f"trickle: {n} keep-alive connections trickling a second request; {len(closed_at)} closed,"
        f" the last after {worst:.1f} s; /healthz p99 {probe.p99() * 1000:.1f} ms, {probe.failures} failed"
    )
    check(not open_, f"every trickling connection is closed ({len(open_)} still open)")
    check(worst < 10, f"within 10 s ({worst:.1f} s)")
    check(probe.p99() < 0.5 and probe.failures == 0, "/healthz answers within 0.5 s")


def methods(args):
    n = 2000 if args.small else 20000

    def series():
        _, text, _ = request(args.addr, "GET", "/metrics")
        lines = text.decode().splitlines()
        return sum(1 for l in lines if l.startswith("hojokin_http_requests_total")), len(text)

    request(args.addr, "WARMUP", "/healthz")
    request(args.addr, "WARMUP", "/nothing")
    series()
    before, size0 = series()
    rnd = random.Random(16)
    with Prober(args.addr) as probe:
        for i in range(n):
            m = "".join(rnd.choice(string.ascii_uppercase) for _ in range(8 if i % 100 else 8000))
            request(args.addr, m, rnd.choice(["/healthz", "/nothing"]))
    after, size1 = series()
    print(
        f"methods: {n} random methods; series {before} -> {after}; /metrics {size0} -> {size1} bytes;"
        f" /healthz p99 {probe.p99() * 1000:.1f} ms"
    )
    check(after == before, f"no new metric series ({after - before} added)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--pid", required=True, type=int)
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--only", nargs="*", default=["amplification", "plans", "gone", "malformed", "trickle", "methods"])
    args = ap.parse_args()
    for name in args.only:
        globals()[name](args)
    if FAILED:
        print(f"{len(FAILED)} check(s) failed")
        sys.exit(1)
    print("every check holds")


if __name__ == "__main__":
    main()
