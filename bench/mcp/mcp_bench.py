#!/usr/bin/env python3
"""MCP cold start and peak memory: ecsrpc against Alibaba's alibaba-cloud-ops-mcp-server, in one run.

Usage: mcp_bench.py PATH/TO/ecsrpc [--aliyun PATH/TO/alibaba-cloud-ops-mcp-server] [--runs 20] [--aliyun-runs 3]

Cold start: spawn the server, write an MCP `initialize` line at once, time until its answer line (or until the
process dies). Peak memory: VmHWM from /proc after a whole lifecycle through MCP tools/call (create 3 -> wait
Running -> terminate with wait), and ru_maxrss from wait4 at exit. The Alibaba server runs with
ALIBABA_CLOUD_ECS_METADATA_DISABLED=true, no credentials, inside `unshare -n` (a network namespace with only
loopback), so it cannot reach anything; without `unshare` it is skipped. Standard library only; prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import statistics
import subprocess
import sys
import time

INITIALIZE = {
    "jsonrpc": "2.0", "id": 1, "method": "initialize",
    "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "mcp-bench", "version": "1"}},
}
REGION = "cn-beijing"


def line(message: dict) -> bytes:
    return (json.dumps(message, separators=(",", ":")) + "\n").encode()


class Child:
    """A spawned server with line-oriented stdin/stdout and stderr to a file."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None):
        self.errfile = f"/tmp/mcp-bench-{os.getpid()}-{time.monotonic_ns()}.err"
        self.err = open(self.errfile, "w+b")
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.started = time.perf_counter()
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err, env=full_env)
        self.buffer = b""
        self.next_id = 100

    def send(self, message: dict) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line(message))
        self.process.stdin.flush()

    def read_line(self, timeout: float) -> bytes | None:
        """The next stdout line, or None on EOF/timeout."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        deadline = time.perf_counter() + timeout
        while b"\n" not in self.buffer:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            self.buffer += chunk
        text, _, self.buffer = self.buffer.partition(b"\n")
        return text

    def call(self, method: str, params: dict, timeout: float = 120) -> dict:
        """Sends a request and returns its answer, skipping notifications."""
        self.next_id += 1
        request_id = self.next_id
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        while True:
            raw = self.read_line(timeout)
            if raw is None:
                raise RuntimeError(f"no answer to {method}: {self.stderr_tail()}")
            message = json.loads(raw)
            if message.get("id") == request_id:
                return message

    def tool(self, name: str, arguments: dict) -> dict:
        answer = self.call("tools/call", {"name": name, "arguments": arguments})
        result = answer.get("result") or {}
        if "error" in answer or result.get("isError"):
            raise RuntimeError(f"{name} failed: {json.dumps(answer)[:400]}")
        return result.get("structuredContent") or {}

    def vm(self, key: str) -> int | None:
        try:
            with open(f"/proc/{self.process.pid}/status") as status:
                for entry in status:
                    if entry.startswith(key + ":"):
                        return int(entry.split()[1])
        except OSError:
            return None
        return None

    def finish(self, timeout: float = 15) -> tuple[int, int]:
        """Closes stdin, waits; returns (exit status, ru_maxrss in KiB)."""
        try:
            if self.process.stdin:
                self.process.stdin.close()
        except BrokenPipeError:
            pass
        deadline = time.perf_counter() + timeout
        while True:
            pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                self.process.returncode = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() > deadline:
                self.process.kill()
                _, status, usage = os.wait4(self.process.pid, 0)
                self.process.returncode = os.waitstatus_to_exitcode(status)
                break
            time.sleep(0.01)
        self.err.close()
        return self.process.returncode, usage.ru_maxrss

    def stderr_tail(self, lines: int = 3) -> str:
        if not self.err.closed:
            self.err.flush()
        with open(self.errfile, "rb") as err:
            text = err.read().decode(errors="replace").strip().splitlines()
        return " | ".join(text[-lines:])

    def cleanup(self) -> None:
        try:
            os.unlink(self.errfile)
        except OSError:
            pass


def cold_start(argv: list[str], env: dict[str, str], timeout: float) -> tuple[float, bool, str, int, int]:
    """(milliseconds to the initialize answer or to death, answered?, detail, exit status, ru_maxrss KiB)."""
    child = Child(argv, env)
    child.send(INITIALIZE)
    raw = child.read_line(timeout)
    elapsed = (time.perf_counter() - child.started) * 1000
    answered = False
    detail = ""
    if raw is not None:
        try:
            answer = json.loads(raw)
            answered = "result" in answer
            detail = answer.get("result", {}).get("protocolVersion", "") if answered else json.dumps(answer)[:120]
        except ValueError:
            detail = raw[:120].decode(errors="replace")
    status, maxrss = child.finish()
    if not answered:
        detail = detail or child.stderr_tail(1)[:300]
    child.cleanup()
    return elapsed, answered, detail, status, maxrss


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return f"median {statistics.median(ordered):.1f} ms, min {ordered[0]:.1f}, p90 {p90:.1f} (n={len(ordered)})"


def ecsrpc_lifecycle_memory(binary: str) -> dict:
    child = Child([binary, "serve", "--simulator", "--transition-ms", "50", "--log-level", "warning"], {})
    child.send(INITIALIZE)
    if child.read_line(30) is None:
        raise RuntimeError("no initialize answer: " + child.stderr_tail())
    child.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    rss_idle = child.vm("VmRSS")
    tools = child.call("tools/list", {})["result"]["tools"]
    images = child.tool("images_list", {"regionId": REGION, "pageSize": 10})
    types = child.tool("instanceTypes_list", {"regionId": REGION, "maxResults": 10})
    created = child.tool("instances_create", {
        "regionId": REGION, "imageId": images["body"]["Images"]["Image"][0]["ImageId"],
        "instanceType": types["body"]["InstanceTypes"]["InstanceType"][0]["InstanceTypeId"],
        "amount": 3, "password": "Ecsrpc-Bench-2026", "instanceName": "bench", "uniqueSuffix": True})
    ids = created["body"]["InstanceIdSets"]["InstanceIdSet"]
    child.tool("instances_wait", {"regionId": REGION, "instanceIds": ids, "status": "Running", "timeoutSeconds": 60})
    child.tool("instances_stop", {"regionId": REGION, "instanceIds": ids, "wait": True})
    child.tool("instances_terminate", {"regionId": REGION, "instanceIds": ids, "wait": True})
    hwm = child.vm("VmHWM")
    rss = child.vm("VmRSS")
    status, maxrss = child.finish()
    child.cleanup()
    return {"tools": len(tools), "instances": len(ids), "VmHWM_KiB": hwm, "VmRSS_KiB": rss, "idle_VmRSS_KiB": rss_idle,
            "ru_maxrss_KiB": maxrss, "exit": status}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--aliyun", default="/work/venv-aliyunmcp/bin/alibaba-cloud-ops-mcp-server")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--aliyun-runs", type=int, default=3)
    args = parser.parse_args()

    print(f"# MCP cold start (spawn -> initialize answer) and peak memory; {time.strftime('%Y-%m-%d %H:%M:%S')}, "
          f"{os.cpu_count()} CPUs")
    for label, extra in (("ecsrpc serve --simulator", ["--simulator"]), ("ecsrpc serve", [])):
        argv = [args.binary, "serve", *extra, "--log-level", "warning"]
        cold_start(argv, {}, 30)  # warm the page cache
        times, rss = [], []
        for _ in range(args.runs):
            elapsed, answered, detail, _, maxrss = cold_start(argv, {}, 30)
            if not answered:
                print(f"{label}: no answer: {detail}")
                return 1
            times.append(elapsed)
            rss.append(maxrss)
        print(f"{label}: cold start {summary(times)}; protocolVersion {detail}; "
              f"ru_maxrss median {statistics.median(rss) / 1024:.1f} MiB")

    memory = ecsrpc_lifecycle_memory(args.binary)
    print(f"ecsrpc lifecycle ({memory['tools']} tools; create {memory['instances']} -> wait Running -> stop+wait -> "
          f"terminate+wait): VmHWM {memory['VmHWM_KiB'] / 1024:.1f} MiB, VmRSS {memory['VmRSS_KiB'] / 1024:.1f} MiB "
          f"(idle after initialize {memory['idle_VmRSS_KiB'] / 1024:.1f} MiB), ru_maxrss {memory['ru_maxrss_KiB'] / 1024:.1f} MiB, "
          f"exit {memory['exit']}")

    unshare = shutil.which("unshare")
    if not os.path.exists(args.aliyun):
        print(f"alibaba-cloud-ops-mcp-server: not installed at {args.aliyun}; skipped")
        return 0
    probe = subprocess.run([unshare or "unshare", "-n", "true"], capture_output=True) if unshare else None
    if probe is None or probe.returncode != 0:
        print("alibaba-cloud-ops-mcp-server: skipped (needs `unshare -n` to guarantee loopback only)")
        return 0
    if args.aliyun_runs < 1:
        print("alibaba-cloud-ops-mcp-server: skipped (--aliyun-runs 0)")
        return 0
    env = {"ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true", "ALIBABA_CLOUD_ACCESS_KEY_ID": "",
           "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "", "PYTHONWARNINGS": "ignore"}
    for key in ("ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_PROFILE"):
        os.environ.pop(key, None)
    argv = [unshare, "-n", args.aliyun, "--transport", "stdio"]
    times, rss, answered_any, details, statuses = [], [], False, set(), set()
    for _ in range(args.aliyun_runs):
        elapsed, answered, detail, status, maxrss = cold_start(argv, env, 60)
        times.append(elapsed)
        rss.append(maxrss)
        answered_any |= answered
        details.add(detail)
        statuses.add(status)
    outcome = "answered initialize" if answered_any else f"did not start (exit {sorted(statuses)})"
    print(f"alibaba-cloud-ops-mcp-server (offline, no credentials): {outcome}; time to "
          f"{'answer' if answered_any else 'failure'} {summary(times)}; ru_maxrss median {statistics.median(rss) / 1024:.1f} MiB")
    for detail in sorted(details):
        print(f"  it printed: {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
