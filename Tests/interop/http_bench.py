#!/usr/bin/env python3
"""DescribeInstances over 10,000 instances through the simulator's HTTP front door (signature check,
engine, JSON encoding), pages of 100 on one keep-alive connection. Standard library only.

    swift build -c release
    python3 Tests/interop/http_bench.py .build/release/ecsrpc

Reads every page twice (first read renders and caches the items). Prints the server time per page (the simulator's own request log: decode, authenticate, engine,
encode; socket I/O excluded) and the round trip seen by this client. Figures only, no assertions.
"""
import base64
import hashlib
import hmac
import http.client
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid

KEY_ID, SECRET, REGION = "testid", "testsecret", "cn-hangzhou"


def encode(text):
    return urllib.parse.quote(str(text), safe="-_.~")


def signed_query(action, parameters):
    params = dict(parameters, Action=action, Version="2014-05-26", Format="JSON", AccessKeyId=KEY_ID,
                  SignatureMethod="HMAC-SHA1", SignatureVersion="1.0", SignatureNonce=uuid.uuid4().hex,
                  Timestamp=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    canonical = "&".join(f"{encode(k)}={encode(v)}" for k, v in sorted(params.items()))
    to_sign = "POST&%2F&" + encode(canonical)
    digest = hmac.new((SECRET + "&").encode(), to_sign.encode(), hashlib.sha1).digest()
    params["Signature"] = base64.b64encode(digest).decode()
    return "/?" + "&".join(f"{encode(k)}={encode(v)}" for k, v in params.items())


def call(connection, action, parameters):
    connection.request("POST", signed_query(action, parameters), headers={"Content-Length": "0"})
    response = connection.getresponse()
    body = json.loads(response.read())
    if response.status != 200:
        raise RuntimeError(f"{action}: {response.status} {body}")
    return body


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/ecsrpc"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    log = open("/tmp/ecsrpc-http-bench.log", "w")
    process = subprocess.Popen([binary, "simulate", "--transition-ms", "0"], stdout=subprocess.PIPE, stderr=log,
                               text=True)
    endpoint = process.stdout.readline().strip().removeprefix("listening on http://")
    host, port = endpoint.rsplit(":", 1)
    try:
        connection = http.client.HTTPConnection(host, int(port))
        switches = call(connection, "DescribeVSwitches", {"RegionId": REGION})["VSwitches"]["VSwitch"]
        group = call(connection, "DescribeSecurityGroups", {"RegionId": REGION})["SecurityGroups"]["SecurityGroup"][0]
        image = call(connection, "DescribeImages", {"RegionId": REGION, "PageSize": 1})["Images"]["Image"][0]
        for batch in range(count // 100):
            switch = switches[batch % len(switches)]  # a vSwitch has room for a few thousand addresses
            call(connection, "RunInstances", {
                "RegionId": REGION, "ImageId": image["ImageId"], "InstanceType": "ecs.c6.large",
                "SecurityGroupId": group["SecurityGroupId"], "VSwitchId": switch["VSwitchId"], "Amount": 100})
        rss = int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{process.pid}/status").read()).group(1))
        log.flush()
        skip = sum(1 for _ in open("/tmp/ecsrpc-http-bench.log"))
        pages = count // 100
        passes = []
        for label in ("first read of each page (items rendered, then cached)", "second read (items cached)"):
            round_trips = []
            for page in range(1, pages + 1):
                started = time.perf_counter()
                body = call(connection, "DescribeInstances", {"RegionId": REGION, "PageSize": 100, "PageNumber": page})
                round_trips.append((time.perf_counter() - started) * 1000)
                assert len(body["Instances"]["Instance"]) == 100 and body["TotalCount"] == count
            passes.append((label, round_trips))
        time.sleep(0.2)
        lines = open("/tmp/ecsrpc-http-bench.log").read().splitlines()[skip:]
        server = [float(m.group(1)) for line in lines if (m := re.search(r"DescribeInstances 200 \S+ ([\d.]+) ms", line))]
        def summary(values):
            values = sorted(values)
            return (f"median {statistics.median(values):.3f} ms, p90 {values[int(len(values) * 0.9)]:.3f} ms, "
                    f"max {values[-1]:.3f} ms")
        print(f"{count} instances, {pages} pages of 100 by PageNumber, read twice")
        for number, (label, round_trips) in enumerate(passes):
            print(f"{label}:")
            print(f"  server time per page (gateway: decode+auth+engine+JSON): "
                  f"{summary(server[number * pages:(number + 1) * pages])}")
            print(f"  client round trip per page (Python http.client): {summary(round_trips)}")
        print(f"simulator RSS after creating {count} instances: {rss / 1024:.1f} MiB")
        rss = int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{process.pid}/status").read()).group(1))
        print(f"simulator RSS after reading them all: {rss / 1024:.1f} MiB")
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
