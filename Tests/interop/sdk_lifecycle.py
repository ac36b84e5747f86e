#!/usr/bin/env python3
"""Alibaba's official Python SDKs against `ecsrpc simulate`: a whole instance lifecycle, three ways.

Clients: the new Tea SDK (alibabacloud_ecs20140526) with its default ACS3-HMAC-SHA256 signature, the
same SDK with signature_algorithm="v2" (RPC HMAC-SHA1), and the old core SDK (aliyun-python-sdk-core +
aliyun-python-sdk-ecs, RPC HMAC-SHA1). Each runs: regions, images, instance types, a dry-run create, a
create of two, describe, stop, start, reboot, delete; then a wrong secret and an unknown key.

Run (outside CI; the SDKs live in a venv outside the repository):
    python3 -m venv /work/venv-sdk
    /work/venv-sdk/bin/pip install alibabacloud_ecs20140526 aliyun-python-sdk-ecs aliyun-python-sdk-core
    swift build
    ALIBABA_CLOUD_ECS_METADATA_DISABLED=true /work/venv-sdk/bin/python Tests/interop/sdk_lifecycle.py [--https] [path/to/ecsrpc]
With --https the simulator serves HTTPS with the test certificate in tls/, and every client trusts tls/ca.pem
(the Tea SDK through Config.ca, the core SDK through AcsClient(verify=...)).
The last line is "N passed, N failed"; the exit status is 0 only when nothing failed.
"""
import json
import os
import ssl
import subprocess
import sys
import time
import urllib.request

os.environ.setdefault("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")

from alibabacloud_ecs20140526 import models as tea_models  # noqa: E402
from alibabacloud_ecs20140526.client import Client as TeaClient  # noqa: E402
from alibabacloud_tea_openapi import models as openapi_models  # noqa: E402
from alibabacloud_tea_util import models as util_models  # noqa: E402
from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException  # noqa: E402
from aliyunsdkcore.client import AcsClient  # noqa: E402
from aliyunsdkecs.request.v20140526 import (  # noqa: E402
    DeleteInstancesRequest, DescribeImagesRequest, DescribeInstancesRequest, DescribeInstanceTypesRequest,
    DescribeRegionsRequest, DescribeSecurityGroupsRequest, DescribeVSwitchesRequest, RebootInstancesRequest,
    RunInstancesRequest, StartInstancesRequest, StopInstancesRequest)

REGION = "cn-hangzhou"
KEY_ID, SECRET = "testid", "testsecret"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSED, FAILED = [], []
TLS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tls")
CA_FILE = os.path.join(TLS_DIR, "ca.pem")
HTTPS = False  # set by --https


def check(label, condition, detail=""):
    (PASSED if condition else FAILED).append(label)
    print(f"{'ok  ' if condition else 'FAIL'} {label}{(': ' + detail) if detail else ''}", flush=True)
    return condition


def scheme():
    return "https" if HTTPS else "http"


def start_simulator(binary):
    tls = (["--tls-certificate", os.path.join(TLS_DIR, "server.pem"), "--tls-key", os.path.join(TLS_DIR, "server.key")]
           if HTTPS else [])
    process = subprocess.Popen(
        [binary, "simulate", "--listen", "127.0.0.1:0", "--transition-ms", "50", "--quiet"] + tls,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = process.stdout.readline().strip()
    prefix = f"listening on {scheme()}://"
    if not first.startswith(prefix):
        process.kill()
        sys.exit(f"simulator did not start: {first!r}")
    return process, first[len(prefix):]


# --- the two client styles behind one small interface -----------------------------------------

class Tea:
    def __init__(self, endpoint, v2=False, key_id=KEY_ID, secret=SECRET):
        config = openapi_models.Config(access_key_id=key_id, access_key_secret=secret, region_id=REGION,
                                       endpoint=endpoint, protocol=scheme())
        if HTTPS:
            config.ca = CA_FILE
        if v2:
            config.signature_algorithm = "v2"
        self.client = TeaClient(config)
        self.name = "tea-v2 " if v2 else "tea-acs3"

    def regions(self):
        body = self.client.describe_regions(tea_models.DescribeRegionsRequest()).body
        return [r.region_id for r in body.regions.region]

    def images(self):
        body = self.client.describe_images(tea_models.DescribeImagesRequest(region_id=REGION, page_size=10)).body
        return [i.image_id for i in body.images.image]

    def instance_types(self):
        body = self.client.describe_instance_types(tea_models.DescribeInstanceTypesRequest()).body
        return [(t.instance_type_id, t.cpu_core_count, t.memory_size) for t in body.instance_types.instance_type]

    def network(self):
        groups = self.client.describe_security_groups(tea_models.DescribeSecurityGroupsRequest(region_id=REGION)).body
        # DescribeVSwitches is no longer in this SDK's ECS client; call it generically, as the SDK allows.
        params = openapi_models.Params(action="DescribeVSwitches", version="2014-05-26", protocol=scheme().upper(),
                                       pathname="/", method="POST", auth_type="AK", style="RPC",
                                       req_body_type="formData", body_type="json")
        switches = self.client.call_api(params, openapi_models.OpenApiRequest(query={"RegionId": REGION}),
                                        util_models.RuntimeOptions())["body"]
        switch = switches["VSwitches"]["VSwitch"][0]
        return groups.security_groups.security_group[0].security_group_id, switch["VSwitchId"]

    def run(self, image, instance_type, group, switch, amount, dry_run=False):
        request = tea_models.RunInstancesRequest(
            region_id=REGION, image_id=image, instance_type=instance_type, security_group_id=group,
            v_switch_id=switch, amount=amount, instance_name="sdk-[1,3]", dry_run=dry_run)
        return list(self.client.run_instances(request).body.instance_id_sets.instance_id_set)

    def describe(self, ids):
        request = tea_models.DescribeInstancesRequest(region_id=REGION, instance_ids=json.dumps(ids), page_size=100)
        body = self.client.describe_instances(request).body
        return {i.instance_id: i.status for i in body.instances.instance}, body.total_count

    def stop(self, ids):
        self.client.stop_instances(tea_models.StopInstancesRequest(region_id=REGION, instance_id=ids))

    def start(self, ids):
        self.client.start_instances(tea_models.StartInstancesRequest(region_id=REGION, instance_id=ids))

    def reboot(self, ids):
        self.client.reboot_instances(tea_models.RebootInstancesRequest(region_id=REGION, instance_id=ids))

    def delete(self, ids):
        self.client.delete_instances(tea_models.DeleteInstancesRequest(region_id=REGION, instance_id=ids))

    @staticmethod
    def error_code(error):
        return getattr(error, "code", None) or type(error).__name__


class Core:
    def __init__(self, endpoint, key_id=KEY_ID, secret=SECRET):
        self.client = AcsClient(key_id, secret, REGION, auto_retry=False, verify=CA_FILE if HTTPS else None)
        self.endpoint = endpoint
        self.name = "core    "

    def send(self, request):
        request.set_endpoint(self.endpoint)
        if HTTPS:
            request.set_protocol_type("https")
        return json.loads(self.client.do_action_with_exception(request))

    def regions(self):
        body = self.send(DescribeRegionsRequest.DescribeRegionsRequest())
        return [r["RegionId"] for r in body["Regions"]["Region"]]

    def images(self):
        request = DescribeImagesRequest.DescribeImagesRequest()
        request.set_PageSize(10)
        return [i["ImageId"] for i in self.send(request)["Images"]["Image"]]

    def instance_types(self):
        body = self.send(DescribeInstanceTypesRequest.DescribeInstanceTypesRequest())
        return [(t["InstanceTypeId"], t.get("CpuCoreCount"), t.get("MemorySize"))
                for t in body["InstanceTypes"]["InstanceType"]]

    def network(self):
        groups = self.send(DescribeSecurityGroupsRequest.DescribeSecurityGroupsRequest())
        switches = self.send(DescribeVSwitchesRequest.DescribeVSwitchesRequest())
        return (groups["SecurityGroups"]["SecurityGroup"][0]["SecurityGroupId"],
                switches["VSwitches"]["VSwitch"][0]["VSwitchId"])

    def run(self, image, instance_type, group, switch, amount, dry_run=False):
        request = RunInstancesRequest.RunInstancesRequest()
        request.set_ImageId(image)
        request.set_InstanceType(instance_type)
        request.set_SecurityGroupId(group)
        request.set_VSwitchId(switch)
        request.set_Amount(amount)
        request.set_InstanceName("sdk-[1,3]")
        request.set_DryRun(dry_run)
        return self.send(request)["InstanceIdSets"]["InstanceIdSet"]

    def describe(self, ids):
        request = DescribeInstancesRequest.DescribeInstancesRequest()
        request.set_InstanceIds(json.dumps(ids))
        request.set_PageSize(100)
        body = self.send(request)
        return {i["InstanceId"]: i["Status"] for i in body["Instances"]["Instance"]}, body["TotalCount"]

    def _batch(self, module, ids):
        request = getattr(module, module.__name__.split(".")[-1])()
        request.set_InstanceIds(ids)
        self.send(request)

    def stop(self, ids):
        self._batch(StopInstancesRequest, ids)

    def start(self, ids):
        self._batch(StartInstancesRequest, ids)

    def reboot(self, ids):
        self._batch(RebootInstancesRequest, ids)

    def delete(self, ids):
        self._batch(DeleteInstancesRequest, ids)

    @staticmethod
    def error_code(error):
        if isinstance(error, (ServerException, ClientException)):
            return error.get_error_code()
        return type(error).__name__


# --- the lifecycle -----------------------------------------------------------------------------

def wait_for(client, ids, status, timeout=15.0):
    deadline = time.monotonic() + timeout
    seen = {}
    while time.monotonic() < deadline:
        seen, _ = client.describe(ids)
        if len(seen) == len(ids) and all(s == status for s in seen.values()):
            return True, seen
        time.sleep(0.05)
    return False, seen


def expect_error(client, label, call, codes):
    try:
        call()
    except Exception as error:  # the SDKs raise their own exception types
        code = client.error_code(error)
        return check(label, code in codes, f"{code}")
    return check(label, False, "no error")


def lifecycle(client):
    n = client.name
    regions = client.regions()
    check(f"{n} DescribeRegions", REGION in regions, f"{len(regions)} regions")
    images = client.images()
    check(f"{n} DescribeImages", len(images) > 0, f"{len(images)} images, first {images[:1]}")
    types = client.instance_types()
    check(f"{n} DescribeInstanceTypes", len(types) > 0, f"{len(types)} types, e.g. {types[:1]}")
    group, switch = client.network()
    check(f"{n} DescribeSecurityGroups/DescribeVSwitches", bool(group and switch), f"{group} {switch}")
    small = [t for t in types if t[1] and t[1] <= 2] or types
    instance_type = small[0][0]
    expect_error(client, f"{n} RunInstances DryRun",
                 lambda: client.run(images[0], instance_type, group, switch, 2, dry_run=True), {"DryRunOperation"})
    ids = client.run(images[0], instance_type, group, switch, 2)
    check(f"{n} RunInstances Amount=2", len(ids) == 2, " ".join(ids))
    ok, seen = wait_for(client, ids, "Running")
    check(f"{n} DescribeInstances -> Running", ok, str(seen))
    client.stop(ids)
    ok, seen = wait_for(client, ids, "Stopped")
    check(f"{n} StopInstances -> Stopped", ok, str(seen))
    client.start(ids)
    ok, seen = wait_for(client, ids, "Running")
    check(f"{n} StartInstances -> Running", ok, str(seen))
    client.reboot(ids)
    ok, seen = wait_for(client, ids, "Running")
    check(f"{n} RebootInstances -> Running", ok, str(seen))
    client.stop(ids)
    wait_for(client, ids, "Stopped")
    client.delete(ids)
    deadline = time.monotonic() + 15
    remaining = ids
    while time.monotonic() < deadline:
        seen, total = client.describe(ids)
        remaining = list(seen)
        if not remaining:
            break
        time.sleep(0.05)
    check(f"{n} DeleteInstances -> gone", not remaining, f"remaining {remaining}")


def set_faults(endpoint, document):
    request = urllib.request.Request(f"{scheme()}://{endpoint}/_simulator/faults", data=json.dumps(document).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    context = ssl.create_default_context(cafile=CA_FILE) if HTTPS else None
    with urllib.request.urlopen(request, timeout=10, context=context) as response:
        return json.loads(response.read())


def faults(endpoint):
    """Faults set at run time through the control surface reach the SDKs as the real errors would."""
    tea, core = Tea(endpoint), Core(endpoint)
    set_faults(endpoint, {"seed": 1, "rules": [{"action": "DescribeRegions", "throttle": 1}]})
    expect_error(tea, "tea-acs3 fault throttle", tea.regions, {"Throttling"})
    expect_error(core, "core     fault throttle", core.regions, {"Throttling"})
    set_faults(endpoint, {"rules": [{"action": "DescribeRegions", "error5xx": 1}]})
    expect_error(tea, "tea-acs3 fault 5xx", tea.regions, {"InternalError", "ServiceUnavailable"})
    expect_error(core, "core     fault 5xx", core.regions, {"InternalError", "ServiceUnavailable"})
    set_faults(endpoint, {"rules": [{"action": "DescribeRegions", "drop": 1}]})
    expect_error(tea, "tea-acs3 fault drop", tea.regions, {"UnretryableException", "ConnectionError", "RemoteDisconnected"})
    expect_error(core, "core     fault drop", core.regions, {"SDK.HttpError"})
    set_faults(endpoint, {"rules": []})
    check("faults cleared", REGION in tea.regions())


def main():
    global HTTPS
    arguments = sys.argv[1:]
    HTTPS = "--https" in arguments
    arguments = [a for a in arguments if a != "--https"]
    binary = arguments[0] if arguments else os.path.join(REPO, ".build", "debug", "ecsrpc")
    process, endpoint = start_simulator(binary)
    print(f"simulator at {scheme()}://{endpoint}", flush=True)
    try:
        for client in (Tea(endpoint), Tea(endpoint, v2=True), Core(endpoint)):
            try:
                lifecycle(client)
            except Exception as error:  # report and go on with the next client
                check(f"{client.name} lifecycle raised", False, f"{type(error).__name__}: {error}")
        faults(endpoint)
        for bad in (Tea(endpoint, secret="wrong"), Tea(endpoint, v2=True, secret="wrong")):
            expect_error(bad, f"{bad.name} wrong secret", bad.regions, {"SignatureDoesNotMatch"})
        # The core SDK turns SignatureDoesNotMatch into InvalidAccessKeySecret when the server's
        # string-to-sign (echoed in the message, as the real gateway does) equals its own.
        bad = Core(endpoint, secret="wrong")
        expect_error(bad, f"{bad.name} wrong secret", bad.regions, {"SignatureDoesNotMatch", "InvalidAccessKeySecret"})
        for bad in (Tea(endpoint, key_id="nobody"), Tea(endpoint, v2=True, key_id="nobody"),
                    Core(endpoint, key_id="nobody")):
            expect_error(bad, f"{bad.name} unknown key", bad.regions, {"InvalidAccessKeyId.NotFound"})
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(f"{len(PASSED)} passed, {len(FAILED)} failed")
    return 0 if not FAILED else 1


if __name__ == "__main__":
    sys.exit(main())
