#!/usr/bin/env python3
"""A deliberately slow DNS server for benchmark scenario S4 (stdlib only).

It answers over UDP, and only what S4 needs:
  * A    for NAME.bench.test  -> 127.0.0.1, after --delay seconds
  * AAAA for NAME.bench.test  -> NOERROR with no answer (so clients fall back to IPv4)
  * anything else             -> NXDOMAIN
Every reply waits the same delay, each on its own timer, so concurrent queries are answered
concurrently: the server models resolver latency, not a resolver that can handle one at a time.

The benchmark runs it inside its own network namespace on 127.0.0.1:53; it is never meant to
listen on any other address.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import struct

ZONE = b"bench.test"
TYPE_A, TYPE_AAAA, CLASS_IN = 1, 28, 1
RCODE_NOERROR, RCODE_NXDOMAIN = 0, 3
TTL = 0  # no caching anywhere: each name is looked up once per run anyway, and runs must match


def parse_question(packet: bytes) -> tuple[bytes, int, int, int] | None:
    """Return (qname, qtype, qclass, end offset of the question) or None if malformed."""
    if len(packet) < 12:
        return None
    _id, flags, qdcount = struct.unpack("!HHH", packet[:6])
    if flags & 0x8000 or qdcount != 1:  # a response, or not exactly one question
        return None
    labels: list[bytes] = []
    pos = 12
    while True:
        if pos >= len(packet):
            return None
        length = packet[pos]
        pos += 1
        if length == 0:
            break
        if length & 0xC0:  # compression pointers do not occur in a question we accept
            return None
        labels.append(packet[pos : pos + length])
        pos += length
    if pos + 4 > len(packet):
        return None
    qtype, qclass = struct.unpack("!HH", packet[pos : pos + 4])
    return b".".join(labels).lower(), qtype, qclass, pos + 4


def build_reply(packet: bytes) -> bytes | None:
    """The reply for one query packet, or None to drop it."""
    question = parse_question(packet)
    if question is None:
        return None
    qname, qtype, qclass, end = question
    in_zone = qname.endswith(b"." + ZONE)
    rcode = RCODE_NOERROR if in_zone else RCODE_NXDOMAIN
    answers = b""
    if in_zone and qtype == TYPE_A and qclass == CLASS_IN:
        # Name as a pointer to the question (offset 12), then type, class, TTL, rdata.
        answers = struct.pack("!HHHIH", 0xC00C, TYPE_A, CLASS_IN, TTL, 4) + bytes([127, 0, 0, 1])
    query_id, query_flags = struct.unpack("!HH", packet[:4])
    # QR=1, keep opcode and RD, AA=1, RA=1.
    flags = 0x8000 | (query_flags & 0x7900) | 0x0400 | 0x0080 | rcode
    header = struct.pack("!HHHHHH", query_id, flags, 1, 1 if answers else 0, 0, 0)
    return header + packet[12:end] + answers


class SlowDNS(asyncio.DatagramProtocol):
    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        reply = build_reply(data)
        if reply is not None:
            asyncio.get_running_loop().call_later(self.delay, self._send, reply, addr)

    def _send(self, reply: bytes, addr: tuple[str, int]) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.sendto(reply, addr)


async def serve(host: str, port: int, delay: float) -> None:
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    transport, _ = await loop.create_datagram_endpoint(
        lambda: SlowDNS(delay), local_addr=(host, port)
    )
    print(f"slowdns: {host}:{port}, delay {delay * 1000:.0f} ms", flush=True)
    try:
        await stop
    finally:
        transport.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=53)
    parser.add_argument("--delay", type=float, default=0.05, help="seconds per reply (default 0.05)")
    args = parser.parse_args()
    if not (args.host.startswith("127.") or args.host == "::1"):
        parser.error("--host must be a loopback address")
    asyncio.run(serve(args.host, args.port, args.delay))


if __name__ == "__main__":
    main()
