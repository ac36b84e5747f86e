#!/usr/bin/env python3
"""Apache libcloud's Aliyun ECS driver against `ecsrpc simulate`: the XML side of the protocol.

libcloud sends GET requests with Format=XML and the singular actions (CreateInstance, StartInstance,
StopInstance, RebootInstance, DeleteInstance), and parses every answer as XML. Run (outside CI):
    /work/venv-sdk/bin/pip install apache-libcloud
    ALIBABA_CLOUD_ECS_METADATA_DISABLED=true /work/venv-sdk/bin/python Tests/interop/libcloud_lifecycle.py [path/to/ecsrpc]
The last line is "N passed, N failed". libcloud polls node states every 3 s, so a run takes ~30 s.
Transitions are instant here (--transition-ms 0): libcloud calls StartInstance right after CreateInstance,
which a Pending instance refuses with IncorrectInstanceStatus.
"""
import os
import subprocess
import sys

from libcloud.compute.drivers.ecs import ECSDriver
from libcloud.compute.types import NodeState
from libcloud.utils.xml import findall, findtext

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSED, FAILED = [], []


def check(label, condition, detail=""):
    (PASSED if condition else FAILED).append(label)
    print(f"{'ok  ' if condition else 'FAIL'} {label}{(': ' + detail) if detail else ''}", flush=True)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, ".build", "debug", "ecsrpc")
    process = subprocess.Popen([binary, "simulate", "--transition-ms", "0", "--quiet"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    host, port = process.stdout.readline().strip().removeprefix("listening on http://").rsplit(":", 1)
    try:
        driver = ECSDriver("testid", "testsecret", region="cn-hangzhou", secure=False, host=host, port=int(port))
        locations = driver.list_locations()
        check("DescribeRegions (XML)", any(l.id == "cn-hangzhou" for l in locations), f"{len(locations)} regions")
        images = driver.list_images()
        check("DescribeImages (XML)", len(images) > 0, f"{len(images)} images")
        sizes = driver.list_sizes()
        size = next((s for s in sizes if s.id == "ecs.c6.large"), sizes[0])
        check("DescribeInstanceTypes (XML)", len(sizes) > 0, f"{len(sizes)} types")
        groups = driver.ex_list_security_groups()
        check("DescribeSecurityGroups (XML)", len(groups) > 0, groups[0].id if groups else "")
        switches = driver.connection.request("/", {"Action": "DescribeVSwitches", "RegionId": "cn-hangzhou"}).object
        switch = findtext(findall(switches, "VSwitches/VSwitch")[0], "VSwitchId")
        node = driver.create_node("libcloud-node", size, images[0], ex_security_group_id=groups[0].id,
                                  ex_vswitch_id=switch)
        check("CreateInstance + StartInstance", node.id.startswith("i-"), node.id)
        current = driver.list_nodes(ex_node_ids=[node.id])
        check("DescribeInstances -> running", len(current) == 1 and current[0].state == NodeState.RUNNING,
              str([n.state for n in current]))
        check("StopInstance", driver.stop_node(node))
        check("StartInstance", driver.start_node(node))
        check("RebootInstance", driver.reboot_node(node))
        check("DeleteInstance (after stop)", driver.destroy_node(node))
        check("gone", driver.list_nodes(ex_node_ids=[node.id]) == [])
        bad = ECSDriver("testid", "wrong", region="cn-hangzhou", secure=False, host=host, port=int(port))
        try:
            bad.list_locations()
            check("wrong secret refused", False, "no error")
        except Exception as error:  # libcloud raises its own types carrying the XML Code
            check("wrong secret refused", "SignatureDoesNotMatch" in str(error), str(error)[:100])
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(f"{len(PASSED)} passed, {len(FAILED)} failed")
    return 0 if not FAILED else 1


if __name__ == "__main__":
    sys.exit(main())
