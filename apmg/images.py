"""Photos: a JPEG or PNG in content/images/ made into AVIF, WebP and JPEG at a slot's widths.

A *slot* is a place the theme shows a photo (``SLOTS``: its widths in pixels, its aspect
and the ``sizes`` its ``<picture>`` declares). :func:`check` reads a source while the
model loads (the real format, the size after EXIF orientation; nothing is encoded) and
answers a :class:`SourceImage` or the problems an editor can fix: no such file, a link,
not a JPEG or PNG, unreadable, too large to process, too small for the slot.
:func:`write` makes the files the page names: ``images/<name>-<width>.<hash>.<ext>``,
where the hash covers the source's bytes, the slot and the encoders' settings and
versions, so the same input always gives the same names and bytes (the encoders run on
one thread: libaom's output depends on its thread count) and a file already made (in the
last release) is linked instead of encoded again. Output carries no metadata: EXIF
orientation is applied, colour is converted to sRGB, then only the pixels are written.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from apmg.model.routes import output_file

FOLDER = "images"  # content/images/ -> /images/ (pelicanconf.py STATIC_PATHS)
SOURCE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG"}  # Pillow's name -> what an editor reads
MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 50_000_000  # 50 megapixels: more is a camera's raw panorama or a bomb
HASH_LENGTH = 10
RECIPE_VERSION = 1  # bump when the way files are made changes


@dataclass(frozen=True)
class Slot:
    """Where the theme shows a photo: the widths made, the aspect kept, the sizes."""

    name: str  # what an editor reads: "clinician photo"
    widths: tuple[int, ...]  # pixels; the first is its width on the page (CSS px)
    aspect: tuple[int, int]  # width : height; the source is centre-cropped to it
    sizes: str  # the <source>/<img> sizes attribute

    def height(self, width: int) -> int:
        return round(width * self.aspect[1] / self.aspect[0])

    @property
    def minimum(self) -> tuple[int, int]:
        """The smallest source that fills the largest width without upscaling."""
        return max(self.widths), self.height(max(self.widths))


SLOTS = {
    # The clinician card: 160 CSS px wide, 4:5 portrait, sharp on screens up to 3x.
    "clinician": Slot("clinician photo", (160, 320, 480), (4, 5), "160px"),
}


@dataclass(frozen=True)
class Format:
    ext: str
    mime: str
    pillow: str
    options: tuple[tuple[str, object], ...]


# Best first: the <picture> offers AVIF, then WebP; JPEG is the <img> everyone can show.
FORMATS = (
    Format("avif", "image/avif", "AVIF", (("quality", 60), ("speed", 6), ("max_threads", 1))),
    Format("webp", "image/webp", "WEBP", (("quality", 80), ("method", 6))),
    Format("jpg", "image/jpeg", "JPEG", (("quality", 82), ("optimize", True),
                                         ("progressive", True))),
)


def _recipe() -> str:
    from PIL import Image, features

    return repr((RECIPE_VERSION, Image.__version__, features.version("avif"),
                 features.version("webp"), features.version("jpg"),
                 [(f.ext, f.options) for f in FORMATS]))


@dataclass(frozen=True)
class ImageProblem:
    """Why a source cannot be used: ``message`` and ``expected``, as a ContentError has."""

    message: str
    expected: str


@dataclass(frozen=True)
class SourceImage:
    """A checked source for one slot: what the page shows and which files it needs."""

    src: str  # as the editor wrote it: "/images/dr-x.jpg"
    path: Path  # content/images/dr-x.jpg
    slot: Slot
    width: int  # of the source, as displayed (after EXIF orientation)
    height: int
    digest: str  # source bytes + slot + recipe: in every file name and in the page key
    # The bytes checked: what is encoded, even if the file is saved again meanwhile.
    data: bytes = field(default=b"", repr=False, compare=False)

    @property
    def stem(self) -> str:
        return PurePosixPath(self.src).stem

    @property
    def folder(self) -> str:
        """The site folder the files go to: images/ and any subfolder of the source."""
        return str(PurePosixPath(self.src.lstrip("/")).parent)

    def file(self, width: int, fmt: Format) -> str:
        """Site-relative name: ``images/dr-x-160.3f9a1c2b4d.avif``."""
        return f"{self.folder}/{self.stem}-{width}.{self.digest[:HASH_LENGTH]}.{fmt.ext}"

    @property
    def files(self) -> list[str]:
        return [self.file(w, f) for f in FORMATS for w in self.slot.widths]

    # What the template lays out (components/picture.html).
    @property
    def sources(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """The <source> elements: (type, [(site path, width), ...]), best format first."""
        return [(f.mime, self.candidates(f)) for f in FORMATS[:-1]]

    @property
    def fallback(self) -> list[tuple[str, int]]:
        """The <img srcset>: the JPEG at every width."""
        return self.candidates(FORMATS[-1])

    def candidates(self, fmt: Format) -> list[tuple[str, int]]:
        return [("/" + self.file(w, fmt), w) for w in self.slot.widths]

    @property
    def src_url(self) -> str:
        """The <img src>: the JPEG at the slot's own width."""
        return self.fallback[0][0]

    @property
    def display_width(self) -> int:
        return self.slot.widths[0]

    @property
    def display_height(self) -> int:
        return self.slot.height(self.slot.widths[0])

    @property
    def sizes(self) -> str:
        return self.slot.sizes


def source_path(src: str, content: Path) -> Path:
    """content/images/x.jpg for '/images/x.jpg' (or 'images/x.jpg')."""
    return content.joinpath(*PurePosixPath(src.lstrip("/")).parts)


def _link_in(path: Path, content: Path) -> Path | None:
    """The first symbolic link on the way from content/ to ``path``, if any."""
    current = content
    for part in path.relative_to(content).parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def _others(content: Path) -> list[str]:
    folder = content / FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted("/" + p.relative_to(content).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not p.is_symlink())


def check(src: str, slot_name: str, content: Path) -> SourceImage | ImageProblem:
    """Read ``src`` (a path under /images/) for the slot ``slot_name``: its format and
    size, never more than the header and one decode; nothing is written."""
    from PIL import Image, UnidentifiedImageError

    from apmg.model.errors import did_you_mean

    slot = SLOTS[slot_name]
    want = "×".join(map(str, slot.minimum))
    path = source_path(src, content)
    shown = f"content/{src.lstrip('/')}"
    link = _link_in(path, content)
    if link is not None:
        return ImageProblem(f"'{src}': {link.relative_to(content.parent).as_posix()} is a "
                            "symbolic link", "a real file saved in content/images/")
    if not path.is_file():
        return ImageProblem(f"no file {shown}{did_you_mean(src, _others(content))}",
                            "a JPEG or PNG photo saved in content/images/, named as here")
    size = path.stat().st_size
    if size > MAX_BYTES:
        return ImageProblem(f"{shown} is {size // (1024 * 1024)} MB, too large to process",
                            f"a photo of at most {MAX_BYTES // (1024 * 1024)} MB")
    data = path.read_bytes()
    try:
        with warnings.catch_warnings():  # a huge image is our error below, not a warning
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data))
        with opened as image:
            kind = image.format
            width, height = image.size
            if kind not in SOURCE_FORMATS:
                return ImageProblem(f"{shown} is a {kind} file, whatever its name says",
                                    "a JPEG or PNG photo")
            if width * height > MAX_PIXELS:
                return ImageProblem(f"{shown} is {width}×{height} pixels, too large to "
                                    "process", f"at most {MAX_PIXELS // 1_000_000} megapixels;"
                                    f" {want} pixels or a little more is plenty")
            orientation = image.getexif().get(0x0112, 1)
            image.load()  # a truncated or corrupt file fails here, not while writing
    except Image.DecompressionBombError:
        return ImageProblem(f"{shown} has too many pixels to process",
                            f"at most {MAX_PIXELS // 1_000_000} megapixels; {want} pixels or "
                            "a little more is plenty")
    except UnidentifiedImageError:
        return ImageProblem(f"{shown} is not an image file", "a JPEG or PNG photo")
    except (OSError, SyntaxError, ValueError) as exc:
        return ImageProblem(f"{shown} could not be read ({exc})",
                            "a complete JPEG or PNG file: save or export it again")
    if orientation in (5, 6, 7, 8):  # turned a quarter: shown the other way round
        width, height = height, width
    low_w, low_h = slot.minimum
    if width < low_w or height < low_h:
        return ImageProblem(f"{shown} is {width}×{height} pixels, too small for a {slot.name}",
                            f"at least {want} pixels, width by height: it is shown up to "
                            f"{low_w} pixels wide, cropped to "
                            f"{slot.aspect[0]}:{slot.aspect[1]}")
    hasher = hashlib.sha256(_recipe().encode() + repr(slot).encode() + b"\0")
    hasher.update(data)
    return SourceImage(src, path, slot, width, height, hasher.hexdigest(), data)


def _prepared(image: SourceImage):
    """The source's pixels: oriented, in sRGB, without alpha, cropped to the slot's aspect."""
    from PIL import Image, ImageCms, ImageOps

    with Image.open(io.BytesIO(image.data)) as opened:
        picture = ImageOps.exif_transpose(opened)
        icc = picture.info.get("icc_profile")
        if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P"
                                                      and "transparency" in picture.info):
            rgba = picture.convert("RGBA")
            flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            flat.alpha_composite(rgba)
            picture = flat
        if icc:  # a phone's Display P3, a print shop's CMYK: into sRGB, then no profile
            own = picture if picture.mode in ("RGB", "CMYK", "L") else picture.convert("RGB")
            # A broken profile, or one for another colour space: take the values as sRGB.
            with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
                picture = ImageCms.profileToProfile(
                    own, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                    ImageCms.createProfile("sRGB"), outputMode="RGB")
        picture = picture.convert("RGB")
    aw, ah = image.slot.aspect
    width, height = picture.size
    crop_w, crop_h = min(width, height * aw // ah), min(height, width * ah // aw)
    left, top = (width - crop_w) // 2, (height - crop_h) // 2
    return picture.crop((left, top, left + crop_w, top + crop_h))


def encode(image: SourceImage) -> dict[str, bytes]:
    """Every file of ``image``: {site-relative name: bytes}."""
    from PIL import Image

    cropped = _prepared(image)
    files = {}
    for width in image.slot.widths:
        size = (width, image.slot.height(width))
        resized = cropped.resize(size, Image.Resampling.LANCZOS)
        # A new image from the pixels alone: no EXIF, XMP, ICC or comment travels on.
        clean = Image.frombytes("RGB", size, resized.tobytes())
        for fmt in FORMATS:
            buffer = io.BytesIO()
            clean.save(buffer, fmt.pillow, **dict(fmt.options))
            files[image.file(width, fmt)] = buffer.getvalue()
    return files


def write(images: list[SourceImage], output: Path, previous: Path | None) -> list[str]:
    """Write every image's files into ``output``: linked from ``previous`` (the last
    release) when it has them, encoded otherwise. Returns the site paths written."""
    written, seen = [], set()
    for image in images:
        if image.digest in seen:
            continue
        seen.add(image.digest)
        missing = []
        for name in image.files:
            target = output_file(output, name)  # refuses a path outside output/
            if target.is_file():
                continue
            kept = previous / name if previous is not None else None
            if kept is not None and kept.is_file() and not kept.is_symlink():
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(kept, target)
                    written.append(name)
                    continue
                except OSError:
                    pass
            missing.append(name)
        if missing:
            made = encode(image)
            for name in missing:
                target = output_file(output, name)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(made[name])
                written.append(name)
    return written


__all__ = ["FORMATS", "SLOTS", "ImageProblem", "Slot", "SourceImage", "check", "encode",
           "write"]
