#!/usr/bin/env python3
"""Cost of the credential store, through `ecsrpc serve --simulator` over stdio (loopback only).

Measures, in one run: credentials.set (locked read-modify-write: temp file, fsync, rename, fsync of the
directory) and credentials.list round trips; regions.list with explicit keys versus by `profile`, interleaved
(the difference is the per-call resolution: reading the store and ~/.aliyun/config.json on a thread);
and one `ecsrpc credentials add` process from spawn to exit.

Usage: bench/credentials/run.py --binary .build-release/release/ecsrpc [--iterations 500]
Prints medians and p90s in milliseconds. Uses a throwaway ECSRPC_CONFIG_DIR and HOME.
"""
import argparse, json, os, statistics, subprocess, tempfile, time


def summary(label, samples):
    ordered = sorted(samples)
    print(f"{label:<44} median {statistics.median(ordered):7.3f} ms   p90 {ordered[int(len(ordered) * 0.9)]:7.3f} ms   n={len(ordered)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--iterations", type=int, default=500)
    arguments = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="ecsrpc-creds-bench-")
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": scratch + "/home",
                   "ECSRPC_CONFIG_DIR": scratch + "/config"}
    server = subprocess.Popen([arguments.binary, "serve", "--simulator"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, env=environment)
    counter = [0]

    def call(method, params):
        counter[0] += 1
        started = time.perf_counter()
        server.stdin.write((json.dumps({"jsonrpc": "2.0", "id": counter[0], "method": method, "params": params}) + "\n").encode())
        server.stdin.flush()
        answer = json.loads(server.stdout.readline())
        elapsed = (time.perf_counter() - started) * 1000
        assert "result" in answer, answer
        return elapsed

    for index in range(20):  # warm-up, and a store of 20 profiles
        call("credentials.set", {"name": f"p{index}", "accessKeyId": "testid", "accessKeySecret": "testsecret",
                                 "regionId": "cn-hangzhou"})
    sets = [call("credentials.set", {"name": f"p{index % 20}", "accessKeyId": "testid", "accessKeySecret": "testsecret",
                                     "regionId": "cn-hangzhou"}) for index in range(arguments.iterations)]
    lists = [call("credentials.list", {}) for _ in range(arguments.iterations)]
    explicit, by_profile = [], []
    for _ in range(arguments.iterations):
        explicit.append(call("regions.list", {"accessKeyId": "testid", "accessKeySecret": "testsecret", "regionId": "cn-hangzhou"}))
        by_profile.append(call("regions.list", {"profile": "p3"}))
    server.stdin.close()
    server.wait()
    adds = []
    for index in range(min(50, arguments.iterations)):
        started = time.perf_counter()
        subprocess.run([arguments.binary, "credentials", "add", f"cli{index}", "--access-key-id", "testid"], input=b"testsecret\n",
                       env=environment, stdout=subprocess.DEVNULL, check=True)
        adds.append((time.perf_counter() - started) * 1000)
    summary("credentials.set (20-profile store)", sets)
    summary("credentials.list", lists)
    summary("regions.list, explicit keys + regionId", explicit)
    summary("regions.list, profile (resolved per call)", by_profile)
    summary("ecsrpc credentials add (process)", adds)
    print(f"resolution overhead (median difference): {statistics.median(by_profile) - statistics.median(explicit):.3f} ms")
    subprocess.run(["rm", "-rf", scratch])


if __name__ == "__main__":
    main()
