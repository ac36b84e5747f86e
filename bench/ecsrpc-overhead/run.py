#!/usr/bin/env python3
"""Overhead of ecsrpc: instances.list through `ecsrpc serve` (Unix socket) versus the same DescribeInstances
signed and sent directly to the same stand-alone `ecsrpc simulate`, measured side by side (interleaved) in one run.

Usage: bench/ecsrpc-overhead/run.py --binary .build-release/release/ecsrpc [--iterations 2000] [--instances 20] [--keys-in-params]
Prints medians, p90s and the ratio (target: median ratio < 1.5). Loopback only.
"""
import argparse, base64, hashlib, hmac, http.client, json, os, socket, statistics, subprocess, sys, tempfile, time, uuid
from urllib.parse import quote

ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION = "testid", "testsecret", "cn-beijing"


def encode(text):
    return quote(text, safe="-_.~")


def signed_query(action, parameters):
    params = dict(parameters)
    params.update({"Action": action, "Version": "2014-05-26", "Format": "JSON", "AccessKeyId": ACCESS_KEY_ID,
                   "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": uuid.uuid4().hex,
                   "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    canonical = "&".join(f"{encode(k)}={encode(v)}" for k, v in sorted(params.items()))
    to_sign = "POST&%2F&" + encode(canonical)
    signature = base64.b64encode(hmac.new((ACCESS_KEY_SECRET + "&").encode(), to_sign.encode(), hashlib.sha1).digest()).decode()
    return canonical + "&Signature=" + encode(signature)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, what, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.05)
    sys.exit(f"timed out waiting for {what}")


class Direct:
    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port)

    def call(self, action, parameters):
        self.connection.request("POST", "/?" + signed_query(action, parameters), headers={"Content-Length": "0"})
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"direct {action} failed: {response.status} {body[:200]!r}")
        return json.loads(body)


class RPC:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.reader = self.sock.makefile("rb")
        self.next_id = 0

    def call(self, method, params):
        self.next_id += 1
        self.sock.sendall(json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}).encode() + b"\n")
        answer = json.loads(self.reader.readline())
        if "error" in answer:
            sys.exit(f"rpc {method} failed: {answer['error']}")
        return answer["result"]


def process_cpu_seconds(pid):
    """User + system CPU time of a process so far (from /proc; steadier than wall time on a busy machine)."""
    with open(f"/proc/{pid}/stat") as status:
        fields = status.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--instances", type=int, default=20)
    parser.add_argument("--keys-in-params", action="store_true",
                        help="send accessKeyId/accessKeySecret in every call (as the seed does) instead of the server's environment")
    args = parser.parse_args()

    port = free_port()
    workdir = tempfile.mkdtemp(prefix="ecsrpc-bench-")
    socket_path = os.path.join(workdir, "ecsrpc.sock")
    processes = []
    try:
        processes.append(subprocess.Popen([args.binary, "simulate", "--listen", f"127.0.0.1:{port}", "--transition-ms", "0", "--quiet"],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for(lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close() or True, "the simulator")
        processes.append(subprocess.Popen([args.binary, "serve", "--socket", socket_path, "--endpoint", f"http://127.0.0.1:{port}"],
                                          stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                          env=dict(os.environ, ALIBABA_CLOUD_ACCESS_KEY_ID=ACCESS_KEY_ID,
                                                   ALIBABA_CLOUD_ACCESS_KEY_SECRET=ACCESS_KEY_SECRET)))
        wait_for(lambda: RPC(socket_path).sock.close() or True, "ecsrpc serve")  # the socket file appears before listen()

        direct, rpc = Direct(port), RPC(socket_path)
        created = rpc.call("instances.create", {"regionId": REGION, "imageId": "debian_10_12_x64_20G_alibase_20220328.vhd",
                                                "instanceType": "ecs.g7.large", "amount": args.instances})["body"]
        wire = {"RegionId": REGION}
        params = {"regionId": REGION}
        if args.keys_in_params:
            params.update(accessKeyId=ACCESS_KEY_ID, accessKeySecret=ACCESS_KEY_SECRET)
        assert len(direct.call("DescribeInstances", wire)["Instances"]["Instance"]) == min(10, args.instances)
        assert len(rpc.call("instances.list", params)["body"]["Instances"]["Instance"]) == min(10, args.instances)
        for _ in range(200):  # warm-up of both paths
            direct.call("DescribeInstances", wire)
            rpc.call("instances.list", params)

        serve_pid = processes[1].pid
        cpu_before = process_cpu_seconds(serve_pid)
        direct_times, rpc_times = [], []
        for _ in range(args.iterations):
            start = time.perf_counter()
            direct.call("DescribeInstances", wire)
            middle = time.perf_counter()
            rpc.call("instances.list", params)
            end = time.perf_counter()
            direct_times.append((middle - start) * 1000)
            rpc_times.append((end - middle) * 1000)

        serve_cpu_ms = (process_cpu_seconds(serve_pid) - cpu_before) * 1000 / args.iterations
        d50, r50 = statistics.median(direct_times), statistics.median(rpc_times)
        print(f"instances created: {len(created['InstanceIdSets']['InstanceIdSet'])}, iterations: {args.iterations} (interleaved), "
              f"credentials: {'in params' if args.keys_in_params else 'server environment (resolved per call)'}")
        print(f"direct DescribeInstances   median {d50:.3f} ms  p90 {percentile(direct_times, 0.9):.3f} ms")
        print(f"ecsrpc instances.list      median {r50:.3f} ms  p90 {percentile(rpc_times, 0.9):.3f} ms")
        print(f"ratio (median) {r50 / d50:.2f}x   ratio (p90) {percentile(rpc_times, 0.9) / percentile(direct_times, 0.9):.2f}x   target < 1.5x")
        print(f"ecsrpc serve CPU (user + system) per instances.list: {serve_cpu_ms:.3f} ms")
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
