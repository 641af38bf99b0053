"""Golden screenshots: exact comparison with masked rectangles, diff images, updating.

Owns tests/golden/<name>.png semantics. A mask is (x, y, w, h) in pixels, half-open:
pixels x..x+w-1, y..y+h-1 are ignored. On a mismatch the actual image and a diff image
(unchanged pixels dimmed grey, changed pixels magenta, masks outlined in cyan) are written
next to the test's other results, and the message names the first differing pixel
(reading order), how many differ, and both colours.
"""
import re
import shutil
from pathlib import Path

from .paths import rel
from .registry import Fail

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAGENTA = (255, 0, 255)
CYAN = (0, 255, 255)


def _pil():
    try:
        from PIL import Image, ImageChops, ImageDraw
    except ImportError as exc:
        raise Fail("the Python Imaging Library is missing for this interpreter: "
                   "apt-get install python3-pil (./build.sh does this) and run the tests with "
                   "/usr/bin/python3") from exc
    return Image, ImageChops, ImageDraw


def hexcolour(rgb) -> str:
    return "#%02x%02x%02x" % tuple(rgb[:3])


def check_name(name: str):
    if not NAME_RE.match(name):
        raise ValueError(f"golden name {name!r}: use lower-case letters, digits and '-'")


def _check_masks(masks, size):
    w, h = size
    for m in masks:
        if len(m) != 4:
            raise Fail(f"mask {m!r} is not (x, y, w, h)")
        x, y, mw, mh = m
        if mw <= 0 or mh <= 0 or x < 0 or y < 0 or x + mw > w or y + mh > h:
            raise Fail(f"mask {tuple(m)} does not lie inside the {w}x{h} image")


def difference(expected, actual, masks):
    """An 'L' image: 255 where the pixels differ outside the masks, 0 elsewhere."""
    Image, ImageChops, _ = _pil()
    d = ImageChops.difference(expected, actual)
    r, g, b = d.split()
    m = ImageChops.lighter(ImageChops.lighter(r, g), b).point(lambda v: 255 if v else 0)
    for x, y, w, h in masks:
        m.paste(0, (x, y, x + w, y + h))
    return m


def first_set_pixel(m):
    """(x, y) of the first 255 pixel in reading order, or None."""
    box = m.getbbox()
    if not box:
        return None
    row = box[1]
    data = m.crop((0, row, m.width, row + 1)).tobytes()
    return data.index(255), row


def diff_image(expected, changed, masks):
    Image, _, ImageDraw = _pil()
    grey = expected.convert("L").point(lambda v: 48 + v * 3 // 8)
    img = Image.merge("RGB", (grey, grey, grey))
    draw = ImageDraw.Draw(img)
    for x, y, w, h in masks:
        draw.rectangle((x, y, x + w - 1, y + h - 1), outline=CYAN)
    img.paste(MAGENTA, (0, 0), changed)
    return img


class Comparison:
    """The outcome of comparing two same-sized images outside `masks`."""

    def __init__(self, expected, actual, masks):
        self.expected, self.actual, self.masks = expected, actual, masks
        self.changed = difference(expected, actual, masks)
        self.count = self.changed.histogram()[255]
        self.first = first_set_pixel(self.changed) if self.count else None

    def describe(self, expected_label="golden", actual_label="actual") -> str:
        x, y = self.first
        return (f"{self.count} pixel(s) differ; first at ({x}, {y}): {expected_label} "
                f"{hexcolour(self.expected.getpixel((x, y)))}, {actual_label} "
                f"{hexcolour(self.actual.getpixel((x, y)))}")

    def save_diff(self, path: Path):
        diff_image(self.expected, self.changed, self.masks).save(path)


def compare(expected_png: Path, actual_png: Path, masks=()) -> Comparison:
    """Compare two PNGs pixel by pixel. Raises Fail if their sizes differ."""
    Image, _, _ = _pil()
    with Image.open(expected_png) as e, Image.open(actual_png) as a:
        expected, actual = e.convert("RGB"), a.convert("RGB")
    if expected.size != actual.size:
        raise Fail(f"{rel(actual_png)} is {actual.width}x{actual.height} but "
                   f"{rel(expected_png)} is {expected.width}x{expected.height}")
    masks = [tuple(int(v) for v in m) for m in masks]
    _check_masks(masks, actual.size)
    return Comparison(expected, actual, masks)


def check(actual_png: Path, name: str, golden_dir: Path, out_dir: Path, masks=(),
          update: bool = False) -> str:
    """Compare `actual_png` with golden_dir/<name>.png; raise Fail on any difference.

    With update=True the golden is (re)written from actual_png instead. Returns a note for
    the test log."""
    Image, _, _ = _pil()
    check_name(name)
    golden = Path(golden_dir) / f"{name}.png"
    actual_copy = Path(out_dir) / f"{name}.actual.png"
    diff_path = Path(out_dir) / f"{name}.diff.png"
    with Image.open(actual_png) as a:
        _check_masks([tuple(int(v) for v in m) for m in masks], a.size)

    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(actual_png, golden)
        return f"golden {name} updated: {rel(golden)}"

    if not golden.exists():
        shutil.copyfile(actual_png, actual_copy)
        raise Fail(f"golden {rel(golden)} does not exist; this run's screenshot is "
                   f"{rel(actual_copy)}.\nIf it looks right, create the golden with: "
                   f"./build.sh test --update-golden {name}")

    try:
        c = compare(golden, actual_png, masks)
    except Fail as exc:
        shutil.copyfile(actual_png, actual_copy)
        raise Fail(f"golden {name}: {exc}\n  actual: {rel(actual_copy)}\n"
                   f"  if the change is intended: ./build.sh test --update-golden {name}") from None
    if c.count == 0:
        return f"golden {name}: identical" + (f" outside {len(masks)} mask(s)" if masks else "")

    shutil.copyfile(actual_png, actual_copy)
    c.save_diff(diff_path)
    raise Fail(f"screenshot differs from golden {name}: {c.describe()}\n"
               f"  golden: {rel(golden)}\n  actual: {rel(actual_copy)}\n"
               f"  diff:   {rel(diff_path)} (changed pixels magenta)\n"
               f"  if the change is intended: ./build.sh test --update-golden {name}")
