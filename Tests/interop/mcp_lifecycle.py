#!/usr/bin/env python3
"""Drive `ecsrpc serve --simulator` with the official MCP Python SDK's stdio client.

Usage: mcp_lifecycle.py PATH/TO/ecsrpc [--mode auto|legacy|both] [--transition-ms 200]

For each mode it spawns the server, lets the SDK negotiate (`auto`: the 2026-07-28 `server/discover`
probe with per-request `_meta`; `legacy`: the 2025-11-25 `initialize` handshake), lists the tools,
runs create -> wait (with progress) -> terminate (wait for Deleted) against the embedded simulator,
cancels a wait that cannot finish, and prints a concise transcript. Exit status 0 only when every
step did what it should. Needs the `mcp` package (pip); talks to nothing but the child process.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time

import anyio
from mcp.client import Client
from mcp.client.stdio import StdioServerParameters, stdio_client

REGION = "cn-beijing"
PASSWORD = "Ecsrpc-Interop-2026"


def say(line: str) -> None:
    print(line, flush=True)


def structured(result) -> dict:
    """The structured result of a tool call; fails loudly on an error result."""
    if result.is_error:
        text = " ".join(block.text for block in result.content if getattr(block, "type", "") == "text")
        raise RuntimeError(f"tool error: {text}")
    return result.structured_content or {}


def first_text(result, limit: int = 110) -> str:
    for block in result.content:
        if getattr(block, "type", "") == "text":
            line = block.text.splitlines()[0] if block.text else ""
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


async def lifecycle(binary: str, mode: str, transition_ms: int) -> bool:
    params = StdioServerParameters(
        command=binary,
        args=["serve", "--simulator", "--transition-ms", str(transition_ms), "--log-level", "info"],
        env={"ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"},
    )
    errlog = tempfile.NamedTemporaryFile("w+", prefix="ecsrpc-mcp-", suffix=".log", delete=False)
    ok = True
    started = time.perf_counter()
    async with Client(stdio_client(params, errlog=errlog), mode=mode) as client:
        connected = time.perf_counter()
        info = client.server_info
        say(f"[{mode}] connected in {(connected - started) * 1000:.0f} ms: protocol {client.protocol_version}, "
            f"server {info.name if info else '?'} {info.version if info else ''}")
        caps = client.server_capabilities
        say(f"[{mode}] capabilities: tools={caps.tools is not None} logging={caps.logging is not None}")
        if client.instructions:
            say(f"[{mode}] instructions: {client.instructions.splitlines()[0][:100]}")

        listed = await client.list_tools()
        names = [tool.name for tool in listed.tools]
        say(f"[{mode}] tools/list: {len(names)} tools: {', '.join(names)}")
        without_output = [tool.name for tool in listed.tools if not tool.output_schema]
        if without_output:
            say(f"[{mode}]   tools without outputSchema: {without_output}")
            ok = False
        for tool in listed.tools:
            a = tool.annotations
            flags = "".join([
                "R" if a and a.read_only_hint else "-",
                "D" if a and a.destructive_hint else "-",
                "I" if a and a.idempotent_hint else "-",
            ])
            say(f"[{mode}]   {tool.name:<22} {flags} {tool.title or ''}")

        images = structured(await client.call_tool("images_list", {"regionId": REGION, "pageSize": 10}))
        image_id = images["body"]["Images"]["Image"][0]["ImageId"]
        types = structured(await client.call_tool("instanceTypes_list", {"regionId": REGION, "maxResults": 10}))
        instance_type = types["body"]["InstanceTypes"]["InstanceType"][0]["InstanceTypeId"]

        t0 = time.perf_counter()
        created = structured(await client.call_tool("instances_create", {
            "regionId": REGION, "imageId": image_id, "instanceType": instance_type, "amount": 2,
            "instanceName": "interop", "uniqueSuffix": True, "password": PASSWORD,
        }))
        ids = created["body"]["InstanceIdSets"]["InstanceIdSet"]
        say(f"[{mode}] instances_create: {ids} ({(time.perf_counter() - t0) * 1000:.0f} ms)")

        progress_lines: list[str] = []

        async def on_progress(progress: float, total: float | None, message: str | None) -> None:
            progress_lines.append(f"{progress:g}/{total:g}" if total is not None else f"{progress:g}")
            say(f"[{mode}]   progress {progress:g}/{total if total is not None else '?'}: {message}")

        t0 = time.perf_counter()
        waited = await client.call_tool(
            "instances_wait", {"regionId": REGION, "instanceIds": ids, "status": "Running", "timeoutSeconds": 60},
            progress_callback=on_progress)
        body = structured(waited)
        say(f"[{mode}] instances_wait Running: {first_text(waited)} ({(time.perf_counter() - t0) * 1000:.0f} ms, "
            f"{len(progress_lines)} progress notifications)")
        if not progress_lines:
            ok = False
        if body.get("reached") is not None and sorted(body["reached"]) != sorted(ids):
            ok = False

        # A wait that cannot finish (Running instances never become Stopped by themselves), cancelled after 0.5 s.
        t0 = time.perf_counter()
        with anyio.move_on_after(0.5):
            await client.call_tool(
                "instances_wait", {"regionId": REGION, "instanceIds": ids, "status": "Stopped", "timeoutSeconds": 120})
            say(f"[{mode}] the uncancellable wait finished?!")
            ok = False
        t0b = time.perf_counter()
        listed_again = structured(await client.call_tool("instances_list", {"regionId": REGION, "instanceIds": ids}))
        states = [i["Status"] for i in listed_again["body"]["Instances"]["Instance"]]
        say(f"[{mode}] cancelled a wait after {(t0b - t0) * 1000:.0f} ms; next call answered in "
            f"{(time.perf_counter() - t0b) * 1000:.0f} ms, states {states}")

        t0 = time.perf_counter()
        terminated = await client.call_tool(
            "instances_terminate", {"regionId": REGION, "instanceIds": ids, "force": True, "wait": True},
            progress_callback=on_progress)
        structured(terminated)
        say(f"[{mode}] instances_terminate force+wait: {first_text(terminated)} "
            f"({(time.perf_counter() - t0) * 1000:.0f} ms)")
        gone = structured(await client.call_tool("instances_list", {"regionId": REGION, "instanceIds": ids}))
        remaining = gone["body"]["Instances"]["Instance"]
        say(f"[{mode}] instances_list afterwards: {len(remaining)} instances")
        if remaining:
            ok = False

        bad = await client.call_tool("instances_stop", {"regionId": REGION, "instanceIds": ["i-doesnotexist000"]})
        say(f"[{mode}] error as a result: isError={bad.is_error}: {first_text(bad, 150)}")
        if not bad.is_error:
            ok = False
    errlog.seek(0)
    log_lines = errlog.read().splitlines()
    errlog.close()
    os.unlink(errlog.name)
    cancelled = [line for line in log_lines if "request.cancelled" in line]
    if cancelled:
        say(f"[{mode}] server log on the cancel: {cancelled[-1][:200]}")
    say(f"[{mode}] {'OK' if ok else 'FAILED'} ({(time.perf_counter() - started):.1f} s, {len(log_lines)} log lines)")
    return ok


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--mode", choices=["auto", "legacy", "both"], default="both")
    parser.add_argument("--transition-ms", type=int, default=200)
    args = parser.parse_args()
    modes = ["auto", "legacy"] if args.mode == "both" else [args.mode]
    results = []
    for mode in modes:
        try:
            results.append(await lifecycle(args.binary, mode, args.transition_ms))
        except Exception as error:  # report and go on with the next mode
            say(f"[{mode}] FAILED: {type(error).__name__}: {error}")
            results.append(False)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
