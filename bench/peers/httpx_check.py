#!/usr/bin/python3
"""Peer checker for the benchmark: httpx (async), written as a typical user would.

One AsyncClient whose pool allows LIMIT connections; LIMIT workers pull URLs from the list.
Each response body is read in full. Prints "STATUS URL" per URL ("000 URL" on any error).
"""

from __future__ import annotations

import argparse
import asyncio
import ssl
import sys
from typing import Iterator

import httpx


def read_urls(path: str) -> Iterator[str]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            url = line.strip()
            if url and not url.startswith("#"):
                yield url


async def worker(client: httpx.AsyncClient, urls: Iterator[str], out: list[str]) -> None:
    for url in urls:  # a shared iterator: each URL goes to exactly one worker
        try:
            resp = await client.get(url)  # not streamed, so the body is read in full
            out.append(f"{resp.status_code} {url}\n")
        except (httpx.HTTPError, OSError):
            out.append(f"000 {url}\n")
        if len(out) >= 1024:
            sys.stdout.write("".join(out))
            out.clear()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--cacert", help="trust this CA (PEM) for HTTPS")
    parser.add_argument("list")
    args = parser.parse_args()

    ctx = ssl.create_default_context(cafile=args.cacert)
    limits = httpx.Limits(max_connections=args.limit, max_keepalive_connections=args.limit)
    out: list[str] = []
    urls = read_urls(args.list)
    async with httpx.AsyncClient(verify=ctx, limits=limits, timeout=30.0) as client:
        await asyncio.gather(*(worker(client, urls, out) for _ in range(args.limit)))
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    asyncio.run(main())
