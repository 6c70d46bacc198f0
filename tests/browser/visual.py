"""Pinned fonts, PNG baselines and a tolerant pixel comparison for tests/browser/test_visual.py.

Fonts: the site asks for a system font stack (``system-ui, ..., sans-serif``), which
resolves differently on every machine. The visual tests launch their own Chromium with
``FONTCONFIG_FILE`` naming a configuration written here: it sees only the four DejaVu Sans
faces of Debian's ``fonts-dejavu-core`` package (installed by .ci/system-deps), assigns
every family asked for to "DejaVu Sans", and fixes the rasterising options (greyscale
antialiasing, slight hinting, no subpixel order), so a baseline made on one machine holds
on another with that package and the same Chromium.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

# The session Chromium's, as in tests/browser/conftest.py (a conftest is not importable).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

FONT_PACKAGE = "fonts-dejavu-core"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
              "DejaVuSans-BoldOblique.ttf")
FONT_FAMILY = "DejaVu Sans"

# A pixel differs when one of its channels moves by more than TOLERANCE (of 255); a capture
# fails when more than MAX_DIFFERENT of its pixels differ (0.1 %).
TOLERANCE = 16
MAX_DIFFERENT = 0.001

FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Written by tests/browser/visual.py for the visual tests' Chromium only. -->
<fontconfig>
  <dir>{font_dir}</dir>
  <cachedir>{cache_dir}</cachedir>
  <selectfont>
    <rejectfont><glob>*</glob></rejectfont>
    <acceptfont>
{accept}
    </acceptfont>
  </selectfont>
  <!-- Whatever family a page asks for (system-ui, Segoe UI, Arial, sans-serif, monospace,
       serif ...), the one family there is. -->
  <match target="pattern">
    <edit name="family" mode="assign_replace" binding="strong"><string>{family}</string></edit>
  </match>
  <match target="font">
    <edit name="antialias" mode="assign"><bool>true</bool></edit>
    <edit name="hinting" mode="assign"><bool>true</bool></edit>
    <edit name="hintstyle" mode="assign"><const>hintslight</const></edit>
    <edit name="rgba" mode="assign"><const>none</const></edit>
    <edit name="lcdfilter" mode="assign"><const>lcdnone</const></edit>
    <edit name="autohint" mode="assign"><bool>false</bool></edit>
    <edit name="embeddedbitmap" mode="assign"><bool>false</bool></edit>
  </match>
</fontconfig>
"""


def write_fontconfig(folder: Path) -> Path:
    """A fontconfig file that resolves every family to DejaVu Sans; fails if it is missing."""
    missing = [name for name in FONT_FILES if not (FONT_DIR / name).is_file()]
    assert not missing, (f"{', '.join(missing)} missing from {FONT_DIR}: the visual tests pin "
                         f"their font to {FONT_FAMILY} from {FONT_PACKAGE} (run .ci/system-deps)")
    folder.mkdir(parents=True, exist_ok=True)
    accept = "\n".join(f"      <glob>{FONT_DIR / name}</glob>" for name in FONT_FILES)
    path = folder / "fonts.conf"
    path.write_text(FONTCONFIG.format(font_dir=FONT_DIR, cache_dir=folder / "cache",
                                      accept=accept, family=FONT_FAMILY), encoding="utf-8")
    return path


def load_png(data: bytes | Path) -> Image.Image:
    raw = data.read_bytes() if isinstance(data, Path) else data
    with Image.open(io.BytesIO(raw)) as image:
        return image.convert("RGB")


def save_png(image: Image.Image, path: Path) -> None:
    """Lossless, as small as zlib makes it (baselines are committed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image.convert("RGB").save(path, format="PNG", optimize=True)


@dataclass
class Comparison:
    different: int  # pixels with a channel off by more than TOLERANCE
    total: int
    size_changed: bool
    diff: Image.Image | None  # the baseline faded, differing pixels in red

    @property
    def ok(self) -> bool:
        return not self.size_changed and self.different <= MAX_DIFFERENT * self.total

    def describe(self) -> str:
        if self.size_changed:
            return "the capture's size changed"
        return (f"{self.different} of {self.total} pixels differ "
                f"({100 * self.different / self.total:.3f} %, at most "
                f"{100 * MAX_DIFFERENT:.1f} % may)")


def compare(actual: Image.Image, baseline: Image.Image) -> Comparison:
    if actual.size != baseline.size:
        return Comparison(0, baseline.width * baseline.height, True, None)
    delta = ImageChops.difference(actual, baseline)
    over = [band.point(lambda v: 255 if v > TOLERANCE else 0) for band in delta.split()]
    mask = ImageChops.lighter(ImageChops.lighter(over[0], over[1]), over[2])
    different = mask.histogram()[255]
    diff = None
    if different:
        faded = Image.blend(baseline, Image.new("RGB", baseline.size, "white"), 0.7)
        diff = Image.composite(Image.new("RGB", baseline.size, (255, 0, 0)), faded, mask)
    return Comparison(different, baseline.width * baseline.height, False, diff)
