#!/usr/bin/python3
"""Makes the PNG test files gfxtest decodes inside Cobalt, and what it must get.

  tests/gfx/mkdata.py OUTDIR

Writes OUTDIR/rgba.png, palette.png (with a tRNS chunk), grey.png and interlaced.png
(Adam7, written by png_write below because PIL writes no interlaced PNGs), then
OUTDIR/png.expect: one line per file, "name width height fnv1a64", the hash over the
image decoded by PIL and converted to 8-bit RGBA, row after row. gfxtest decodes the same
files with libpng to RGBA and must get the same hashes."""
import struct
import sys
import zlib
from pathlib import Path

from PIL import Image

FNV_OFFSET, FNV_PRIME = 0xCBF29CE484222325, 0x100000001B3


def fnv1a64(data: bytes) -> int:
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
    return h


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


# Adam7: (x start, y start, x step, y step) of each pass.
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2)]


def png_write(path: Path, width: int, height: int, rgb: list):
    """An 8-bit RGB PNG, Adam7-interlaced; rgb[y][x] = (r, g, b). Filter type 0 each row."""
    raw = bytearray()
    for x0, y0, dx, dy in ADAM7:
        cols = range(x0, width, dx)
        if not cols:
            continue
        for y in range(y0, height, dy):
            raw.append(0)
            for x in cols:
                raw.extend(rgb[y][x])
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 1)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
                     chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def make(out: Path):
    out.mkdir(parents=True, exist_ok=True)
    rgba = Image.new("RGBA", (17, 13))
    rgba.putdata([(x * 15, y * 19, (x * y * 7) % 256, (x * 31 + y * 11) % 256)
                  for y in range(13) for x in range(17)])
    rgba.save(out / "rgba.png")

    pal = Image.new("P", (16, 9))
    palette = []
    for i in range(16):
        palette += [i * 16, 255 - i * 16, (i * 97) % 256]
    pal.putpalette(palette)
    pal.putdata([(x + y) % 16 for y in range(9) for x in range(16)])
    pal.save(out / "palette.png", transparency=bytes([255 - i * 17 for i in range(16)]))

    grey = Image.new("L", (20, 10))
    grey.putdata([(x * 13 + y * 7) % 256 for y in range(10) for x in range(20)])
    grey.save(out / "grey.png")

    w, h = 23, 19
    png_write(out / "interlaced.png", w, h,
              [[((x * 11) % 256, (y * 13) % 256, ((x ^ y) * 9) % 256) for x in range(w)]
               for y in range(h)])

    lines = []
    for name in ("rgba", "palette", "grey", "interlaced"):
        with Image.open(out / f"{name}.png") as im:
            if name == "interlaced" and not im.info.get("interlace"):
                raise SystemExit("mkdata: interlaced.png is not interlaced")
            pixels = im.convert("RGBA").tobytes()
            lines.append(f"{name} {im.width} {im.height} {fnv1a64(pixels):016x}\n")
    (out / "png.expect").write_text("".join(lines))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: tests/gfx/mkdata.py OUTDIR")
    make(Path(sys.argv[1]))
