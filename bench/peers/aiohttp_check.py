#!/usr/bin/python3
"""Peer checker for the benchmark: aiohttp, written as a typical user would.

One ClientSession; LIMIT workers pull URLs from the list, so at most LIMIT requests are in
flight and memory does not grow with the list. Each response body is read in full, so the
connection goes back to the pool. Prints "STATUS URL" per URL ("000 URL" on any error).
"""

from __future__ import annotations

import argparse
import asyncio
import ssl
import sys
from typing import Iterator

import aiohttp


def read_urls(path: str) -> Iterator[str]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            url = line.strip()
            if url and not url.startswith("#"):
                yield url


async def worker(session: aiohttp.ClientSession, urls: Iterator[str], out: list[str]) -> None:
    for url in urls:  # a shared iterator: each URL goes to exactly one worker
        try:
            async with session.get(url) as resp:
                await resp.read()
                out.append(f"{resp.status} {url}\n")
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
            out.append(f"000 {url}\n")
        if len(out) >= 1024:  # flush in batches: one write per line would dominate the CPU
            sys.stdout.write("".join(out))
            out.clear()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--cacert", help="trust this CA (PEM) for HTTPS")
    parser.add_argument("list")
    args = parser.parse_args()

    ctx = ssl.create_default_context(cafile=args.cacert)
    connector = aiohttp.TCPConnector(limit=args.limit, limit_per_host=0, ssl=ctx)
    timeout = aiohttp.ClientTimeout(total=30)
    out: list[str] = []
    urls = read_urls(args.list)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        await asyncio.gather(*(worker(session, urls, out) for _ in range(args.limit)))
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    asyncio.run(main())
