#!/usr/bin/env python3
"""Memory soak of `ecsrpc simulate`: many signed calls of one kind, VmRSS of the simulator after each step.

    swift build -c release --product ecsrpc
    python3 bench/simulator-memory/soak.py .build/release/ecsrpc --mode regions --calls 40000 --step 8000

Modes (one kind of call each, so growth can be pinned on a component):
  regions      DescribeRegions, signed, on one keep-alive connection (nonce remembered)
  instances    DescribeInstances (no instances: the engine's scan and encoding), keep-alive (nonce remembered)
  failing      DescribeZones without RegionId: signed, MissingParameter 400 (nonce remembered)
  badsig       DescribeRegions signed with the wrong secret: SignatureDoesNotMatch (no nonce kept)
  health       GET /_simulator/health, no signature, no nonce (HTTP server and control surface only)
--new-connection opens a connection per call instead of keeping one alive. --reset-every N posts
/_simulator/reset every N calls, which forgets the remembered nonces (the engine has no instances to lose
in the read-only modes). Standard library only; prints figures, asserts nothing.
"""
import argparse
import base64
import hashlib
import hmac
import http.client
import re
import subprocess
import time
import urllib.parse
import uuid

KEY_ID, SECRET, REGION = "testid", "testsecret", "cn-hangzhou"


def encode(text):
    return urllib.parse.quote(str(text), safe="-_.~")


def signed_query(action, parameters, secret=SECRET):
    params = dict(parameters, Action=action, Version="2014-05-26", Format="JSON", AccessKeyId=KEY_ID,
                  SignatureMethod="HMAC-SHA1", SignatureVersion="1.0", SignatureNonce=uuid.uuid4().hex,
                  Timestamp=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    canonical = "&".join(f"{encode(k)}={encode(v)}" for k, v in sorted(params.items()))
    to_sign = "POST&%2F&" + encode(canonical)
    digest = hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1).digest()
    params["Signature"] = base64.b64encode(digest).decode()
    return "/?" + "&".join(f"{encode(k)}={encode(v)}" for k, v in params.items())


def request_for(mode):
    if mode == "regions":
        return "POST", signed_query("DescribeRegions", {}), 200
    if mode == "instances":
        return "POST", signed_query("DescribeInstances", {"RegionId": REGION, "PageSize": 10}), 200
    if mode == "failing":
        return "POST", signed_query("DescribeZones", {}), 400
    if mode == "badsig":
        return "POST", signed_query("DescribeRegions", {}, secret="wrongsecret"), 400
    return "GET", "/_simulator/health", 200


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))


def send(connection, method, path, expected):
    connection.request(method, path, headers={"Content-Length": "0"})
    response = connection.getresponse()
    response.read()
    if response.status != expected:
        raise RuntimeError(f"{method} {path[:60]}: HTTP {response.status}, expected {expected}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/ecsrpc")
    parser.add_argument("--mode", default="regions", choices=["regions", "instances", "failing", "badsig", "health"])
    parser.add_argument("--calls", type=int, default=40_000)
    parser.add_argument("--step", type=int, default=8_000)
    parser.add_argument("--warmup", type=int, default=2_000)
    parser.add_argument("--new-connection", action="store_true")
    parser.add_argument("--reset-every", type=int, default=0)
    arguments = parser.parse_args()

    process = subprocess.Popen([arguments.binary, "simulate", "--quiet", "--transition-ms", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    endpoint = process.stdout.readline().strip().removeprefix("listening on http://")
    host, port = endpoint.rsplit(":", 1)
    try:
        keep = http.client.HTTPConnection(host, int(port))
        def one_call():
            method, path, expected = request_for(arguments.mode)
            if arguments.new_connection:
                connection = http.client.HTTPConnection(host, int(port))
                send(connection, method, path, expected)
                connection.close()
            else:
                send(keep, method, path, expected)

        def reset():
            keep.request("POST", "/_simulator/reset", headers={"Content-Length": "0"})
            keep.getresponse().read()

        for _ in range(arguments.warmup):
            one_call()
        baseline = rss_kib(process.pid)
        print(f"mode {arguments.mode}, {'new connection per call' if arguments.new_connection else 'keep-alive'}, "
              f"reset every {arguments.reset_every or 'never'}; after {arguments.warmup} warm-up calls "
              f"RSS {baseline / 1024:.1f} MiB")
        done, started = 0, time.monotonic()
        previous = baseline
        while done < arguments.calls:
            for _ in range(arguments.step):
                one_call()
                done += 1
                if arguments.reset_every and done % arguments.reset_every == 0:
                    reset()
            now = rss_kib(process.pid)
            print(f"  {done:>7} calls  RSS {now / 1024:7.1f} MiB  step {now - previous:+6d} KiB  "
                  f"total {now - baseline:+7d} KiB  ({(now - baseline) * 1024 / done:6.1f} B/call)  "
                  f"{done / (time.monotonic() - started):.0f} calls/s", flush=True)
            previous = now
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
