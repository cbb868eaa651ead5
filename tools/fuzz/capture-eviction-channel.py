#!/usr/bin/env python3
"""Serves LLVM's interactive eviction channel for one llc run and keeps what LLVM sent.

Usage: capture-eviction-channel.py BASE STREAM DECIDER-SEEDS-DIR
  BASE               the channel base given to llc-22 as -regalloc-evict-interactive-channel-base
                     (this script makes the FIFOs BASE.in and BASE.out)
  STREAM             where LLVM's byte stream goes, as it came: the eviction-channel seed
  DECIDER-SEEDS-DIR  one eviction-decider seed per observation and setting (Fuzz/eviction-decider.cpp)

Each observation is answered with its first valid slot (any slot whose mask is 1 is safe). Seeds
stay small: the stream keeps the header, contexts and the first 8 observations, and the decider
gets seeds of the first 3.
tools/fuzz-seeds.sh runs it next to llc-22 -regalloc-enable-advisor=release.
"""
import json
import os
import struct
import sys

ELEMENT_BYTES = {"int64_t": 8, "float": 4, "double": 8, "int32_t": 4, "int8_t": 1, "uint8_t": 1,
                 "int16_t": 2, "uint16_t": 2, "uint32_t": 4, "uint64_t": 8}

# Settings prefixes of the decider target: policy, exploration, forced slot, seed (11 bytes).
STREAM_OBSERVATIONS = 8
DECIDER_OBSERVATIONS = 3
DECIDER_SETTINGS = {
    "prior-greedy": bytes([1, 0, 0]) + bytes(8),
    "scripted-sample-explore": bytes([2 | 4 | 8, 64, 0]) + struct.pack("<Q", 7),
    "forced-slot-3": bytes([16, 0, 3]) + bytes(8),
}


def main():
    base, stream_path, seeds_dir = sys.argv[1:4]
    for suffix in (".in", ".out"):
        os.mkfifo(base + suffix)
    # LLVM opens BASE.in to read its answers first, then BASE.out to write; open in that order.
    answers = os.open(base + ".in", os.O_WRONLY)
    observations = os.fdopen(os.open(base + ".out", os.O_RDONLY), "rb", buffering=0)
    kept = bytearray()
    keeping = [True]

    def read_exactly(count):
        data = bytearray()
        while len(data) < count:
            chunk = observations.read(count - len(data))
            if not chunk:
                return None
            data += chunk
        if keeping[0]:
            kept.extend(data)
        return bytes(data)

    def read_line():
        line = bytearray()
        while True:
            byte = read_exactly(1)
            if byte is None:
                return None
            if byte == b"\n":
                return bytes(line)
            line += byte

    header = json.loads(read_line())
    sizes, mask_offset, offset = [], None, 0
    for spec in header["features"]:
        count = 1
        for dimension in spec["shape"]:
            count *= dimension
        size = count * ELEMENT_BYTES[spec["type"]]
        if spec["name"] == "mask":
            mask_offset = offset
        sizes.append(size)
        offset += size
    payload_bytes = sum(sizes)
    observation_count = 0
    while (line := read_line()) is not None:
        if not line.startswith(b'{"observation":'):
            continue
        payload = read_exactly(payload_bytes + 1)
        if payload is None:
            break
        mask = struct.unpack_from("<33q", payload, mask_offset)
        slot = next((i for i, value in enumerate(mask) if value == 1), 32)
        os.write(answers, struct.pack("<q", slot))
        tensors = payload[:payload_bytes]
        if observation_count < DECIDER_OBSERVATIONS:
            for name, settings in DECIDER_SETTINGS.items():
                stem = os.path.splitext(os.path.basename(stream_path))[0]
                with open(os.path.join(seeds_dir, f"{stem}-{observation_count}-{name}"), "wb") as seed:
                    seed.write(settings + tensors + struct.pack("<3f", 1.5, -2.0, 0.25))
        observation_count += 1
        keeping[0] = observation_count < STREAM_OBSERVATIONS
    with open(stream_path, "wb") as stream:
        stream.write(kept)
    os.close(answers)
    for suffix in (".in", ".out"):
        os.unlink(base + suffix)
    print(f"capture-eviction-channel: {observation_count} observations, {len(kept)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
