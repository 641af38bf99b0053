#!/usr/bin/python3
"""Writes the benchmark PNG (docs/performance.md, png_decode_1024x768): 1024x768 RGBA,
8 bits per channel, a deterministic picture (gradients, soft shapes, a little noise:
something like a screenshot or a photo-ish wallpaper, not all noise and not flat), each row
with the Paeth filter, zlib level 6. Python's zlib only: the same bytes on every run of
the same zlib. Usage: mkpng.py OUT.png"""
import struct
import sys
import zlib

W, H = 1024, 768


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def picture():
    seed = 12345
    rows = []
    for y in range(H):
        row = bytearray(W * 4)
        for x in range(W):
            seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
            noise = (seed >> 16) & 7
            dx, dy = x - 600, y - 300
            inside = dx * dx + dy * dy < 200 * 200
            r = (x * 255 // W + noise) & 255
            g = (y * 255 // H + (64 if inside else 0)) & 255
            b = ((x + y) // 8 * 5 + noise) & 255
            a = 255 if (x // 64 + y // 64) % 5 else 160 + noise
            row[x * 4:x * 4 + 4] = bytes((r, g, b, a))
        rows.append(bytes(row))
    return rows


def encode(rows) -> bytes:
    out = bytearray()
    prev = bytes(W * 4)
    for row in rows:
        f = bytearray(len(row))
        for i in range(len(row)):
            a = row[i - 4] if i >= 4 else 0
            c = prev[i - 4] if i >= 4 else 0
            f[i] = (row[i] - paeth(a, prev[i], c)) & 255
        out += b"\x04" + f
        prev = row
    return zlib.compress(bytes(out), 6)


def main():
    ihdr = struct.pack(">IIBBBBB", W, H, 8, 6, 0, 0, 0)
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", encode(picture()))
            + chunk(b"IEND", b""))
    tmp = sys.argv[1] + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    import os
    os.replace(tmp, sys.argv[1])


if __name__ == "__main__":
    main()
