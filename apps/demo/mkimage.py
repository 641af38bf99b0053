#!/usr/bin/python3
"""Makes the demo app's picture at build time (apps/demo/demo.c shows it): a 160x120 RGBA
PNG, a sunset gradient with a translucent disc, the same bytes on every build.
Usage: mkimage.py OUT.png"""
import sys

from PIL import Image


def main():
    w, h = 160, 120
    im = Image.new("RGBA", (w, h))
    px = im.load()
    for y in range(h):
        for x in range(w):
            r = 40 + (200 * y) // h
            g = 60 + (120 * x) // w
            b = 180 - (120 * y) // h
            a = 255
            dx, dy = x - 100, y - 50
            if dx * dx + dy * dy < 30 * 30:  # the disc: light and half transparent
                r, g, b, a = 255, 230, 120, 160
            px[x, y] = (r, g, b, a)
    im.save(sys.argv[1], format="PNG", optimize=False)


if __name__ == "__main__":
    main()
