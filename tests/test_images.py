"""Photos (apmg/images.py): the files each slot needs, byte for byte the same every build,
without metadata, and an editor's message for every source the build cannot use."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from helpers import build_in_process, make_project
from PIL import Image, ImageDraw

from apmg import images
from apmg.images import FORMATS, SLOTS, ImageProblem, SourceImage
from apmg.model.schemas import ClinicianMeta

SLOT = SLOTS["clinician"]
PHOTO = "photo:\n  src: /images/dr-test.jpg\n  alt: Dr. Test in a white coat\n"


def portrait(size=(600, 750), top=(200, 30, 30), bottom=(30, 30, 200)) -> Image.Image:
    """A picture whose top half and bottom half differ, so orientation shows."""
    picture = Image.new("RGB", size, bottom)
    ImageDraw.Draw(picture).rectangle([0, 0, size[0], size[1] // 2], fill=top)
    return picture


def save(picture: Image.Image, path: Path, fmt: str = "JPEG", **options) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, fmt, **options)
    return path


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    (folder / "images").mkdir(parents=True)
    return folder


def checked(content: Path, src: str = "/images/dr-test.jpg") -> SourceImage:
    result = images.check(src, "clinician", content)
    assert isinstance(result, SourceImage), result
    return result


def problem(content: Path, src: str = "/images/dr-test.jpg") -> ImageProblem:
    result = images.check(src, "clinician", content)
    assert isinstance(result, ImageProblem), result
    return result


def test_every_format_at_every_width_with_its_size(content):
    save(portrait(), content / "images/dr-test.jpg")
    image = checked(content)
    files = images.encode(image)
    assert sorted(files) == sorted(image.files)
    assert len(files) == len(FORMATS) * len(SLOT.widths)
    for fmt in FORMATS:
        for width in SLOT.widths:
            name = image.file(width, fmt)
            assert re.fullmatch(rf"images/dr-test-{width}\.[0-9a-f]{{10}}\.{fmt.ext}", name)
            with Image.open(io.BytesIO(files[name])) as out:
                assert out.format == fmt.pillow
                assert out.size == (width, width * 5 // 4)
    assert (image.display_width, image.display_height) == (160, 200)
    assert [t for t, _ in image.sources] == ["image/avif", "image/webp"]
    assert image.src_url == "/" + image.file(160, FORMATS[-1])


def test_files_are_the_same_bytes_every_time_and_named_by_the_source(content):
    save(portrait(), content / "images/dr-test.jpg")
    first, second = images.encode(checked(content)), images.encode(checked(content))
    assert first == second
    save(portrait(top=(20, 160, 20)), content / "images/dr-test.jpg")
    other = checked(content)
    assert not set(first) & set(other.files), "a new photo gets new names"


def test_write_links_what_the_last_build_made_and_encodes_the_rest(content, tmp_path,
                                                                      monkeypatch):
    save(portrait(), content / "images/dr-test.jpg")
    image = checked(content)
    last = tmp_path / "last"
    assert sorted(images.write([image, image], last, None)) == sorted(image.files)
    monkeypatch.setattr(images, "encode", lambda _: pytest.fail("encoded again"))
    now = tmp_path / "now"
    images.write([image], now, last)
    for name in image.files:
        assert os.stat(now / name).st_ino == os.stat(last / name).st_ino


def test_no_metadata_travels_and_orientation_and_colour_are_applied(content):
    displayed = portrait()
    stored = displayed.transpose(Image.Transpose.ROTATE_90)  # 750x600 as the camera wrote
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    exif[0x010F] = "Camera maker"
    exif[0x0131] = "Editing software"
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    save(stored, content / "images/dr-test.jpg", exif=exif.tobytes(), icc_profile=srgb,
         comment=b"taken at home")
    image = checked(content)
    assert (image.width, image.height) == (600, 750)
    for name, data in images.encode(image).items():
        with Image.open(io.BytesIO(data)) as out:
            assert not set(out.info) & {"exif", "icc_profile", "xmp", "comment"}, name
            assert not dict(out.getexif()), name
            out = out.convert("RGB")
            top, bottom = out.getpixel((out.width // 2, 2)), out.getpixel((out.width // 2,
                                                                          out.height - 3))
            assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0], (name, top, bottom)


def test_a_png_with_transparency_is_flattened_onto_white(content):
    picture = Image.new("RGBA", (480, 600), (0, 0, 0, 0))
    save(picture, content / "images/dr-test.png", "PNG")
    files = images.encode(checked(content, "/images/dr-test.png"))
    with Image.open(io.BytesIO(files[next(n for n in files if n.endswith(".jpg"))])) as out:
        assert out.convert("RGB").getpixel((10, 10)) >= (250, 250, 250)


def test_a_wider_photo_is_cropped_to_the_slot_from_its_centre(content):
    save(portrait((1200, 750)), content / "images/dr-test.jpg")
    files = images.encode(checked(content))
    assert {Image.open(io.BytesIO(d)).size[1] for d in files.values()} == {200, 400, 600}


def test_a_missing_file_names_the_closest_one(content):
    save(portrait(), content / "images/dr-tset.jpg")
    found = problem(content)
    assert found.message == ("no file content/images/dr-test.jpg; did you mean "
                             "'/images/dr-tset.jpg'?")
    assert "saved in content/images/" in found.expected


def test_a_photo_too_small_for_its_slot_says_how_big_it_must_be(content):
    save(portrait((400, 700)), content / "images/dr-test.jpg")
    found = problem(content)
    assert found.message == ("content/images/dr-test.jpg is 400×700 pixels, too small for a "
                             "clinician photo")
    assert found.expected.startswith("at least 480×600 pixels")


def test_the_real_format_counts_not_the_name(content):
    save(portrait(), content / "images/dr-test.jpg", "GIF")
    assert problem(content).message == ("content/images/dr-test.jpg is a GIF file, whatever "
                                        "its name says")
    (content / "images/dr-test.jpg").write_bytes(b"not an image at all")
    assert problem(content).message == "content/images/dr-test.jpg is not an image file"
    save(portrait(), content / "images/dr-test.png", "JPEG")  # a JPEG named .png is fine
    assert checked(content, "/images/dr-test.png").width == 600


def test_a_photo_too_large_to_process_is_refused(content, monkeypatch):
    save(portrait(), content / "images/dr-test.jpg")
    monkeypatch.setattr(images, "MAX_PIXELS", 400_000)
    assert problem(content).message == ("content/images/dr-test.jpg is 600×750 pixels, too "
                                        "large to process")


def test_what_is_encoded_is_what_was_checked(content):
    """A file saved again during the build does not end up under the old name."""
    path = save(portrait(), content / "images/dr-test.jpg")
    image = checked(content)
    save(portrait(top=(20, 160, 20)), path)
    files = images.encode(image)
    with Image.open(io.BytesIO(files[image.file(160, FORMATS[-1])])) as out:
        assert out.convert("RGB").getpixel((80, 2))[0] > 150


def test_a_truncated_file_is_refused(content):
    path = save(portrait(), content / "images/dr-test.jpg")
    path.write_bytes(path.read_bytes()[:2000])
    found = problem(content)
    assert found.message.startswith("content/images/dr-test.jpg could not be read")


def test_a_symbolic_link_is_refused(content, tmp_path):
    outside = save(portrait(), tmp_path / "elsewhere.jpg")
    (content / "images/dr-test.jpg").symlink_to(outside)
    assert problem(content).message == ("'/images/dr-test.jpg': content/images/dr-test.jpg is "
                                        "a symbolic link")
    (content / "images/dr-test.jpg").unlink()
    (content / "images/people").symlink_to(tmp_path)
    assert "content/images/people is a symbolic link" in problem(
        content, "/images/people/elsewhere.jpg").message


@pytest.mark.parametrize(("photo", "field", "message"), [
    ({"src": "/images/dr-test.jpg"}, "alt", "Field required"),
    ({"src": "/images/dr-test.jpg", "alt": "  "}, "alt", "String should have at least 1"),
    ({"src": "/images/dr-test.gif", "alt": "Dr. Test"}, "src", "is not a .jpg, .jpeg or .png"),
    ({"src": "/static/dr-test.jpg", "alt": "Dr. Test"}, "src", "is not a .jpg, .jpeg or .png"),
    ({"src": "/images/../secrets.jpg", "alt": "Dr. Test"}, "src", "has a '..' segment"),
])
def test_the_schema_wants_a_jpeg_or_png_in_images_and_alt_text(photo, field, message):
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        ClinicianMeta(name="T", credentials="MD", role="R", photo=photo)
    [error] = caught.value.errors()
    assert error["loc"][-1] == field and message in error["msg"]


def test_the_schema_hint_states_the_slot_size():
    hint = ClinicianMeta.model_fields["photo"].annotation.__args__[0].model_fields["src"]
    assert "×".join(map(str, SLOT.minimum)).replace("×", " × ") in hint.description


def _project(tmp_path: Path, photo: str = PHOTO) -> Path:
    content = make_project(tmp_path)
    card = content / "clinicians/dr-test.md"
    card.write_text(card.read_text().replace("languages: [English]\n",
                                             f"languages: [English]\n{photo}"))
    return content


def test_build_errors_name_the_file_line_and_field(tmp_path):
    content = _project(tmp_path)
    save(portrait((300, 300)), content / "images/dr-test.jpg")
    result = build_in_process(tmp_path, content)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert ("content/clinicians/dr-test.md:8: photo.src: content/images/dr-test.jpg is "
            "300×300 pixels, too small for a clinician photo (expected at least 480×600 "
            "pixels") in out, out
    (content / "images/dr-test.jpg").unlink()
    result = build_in_process(tmp_path, content)
    out = result.stdout + result.stderr
    assert "content/clinicians/dr-test.md:8: photo.src: no file content/images/dr-test.jpg" \
        in out, out


def test_a_photo_without_alt_text_fails_the_build(tmp_path):
    content = _project(tmp_path, "photo:\n  src: /images/dr-test.jpg\n")
    save(portrait(), content / "images/dr-test.jpg")
    result = build_in_process(tmp_path, content)
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "content/clinicians/dr-test.md:7: photo.alt:" in out, out


def _files(folder: Path) -> dict[str, bytes]:
    """The built site but the search index (only production makes Pagefind's stable)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and not p.relative_to(folder).as_posix().startswith("pagefind/")}


def test_two_builds_of_a_clinician_photo_are_the_same_to_the_byte(tmp_path):
    content = _project(tmp_path)
    save(portrait(), content / "images/dr-test.jpg", quality=90)
    about = content / "pages/about.md"
    about.write_text(about.read_text().replace("template: page", "template: about"))
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        result = build_in_process(tmp_path, content, out)
        assert result.returncode == 0, result.stdout + result.stderr
    made = sorted(p.name for p in (first / "images").glob("dr-test-*"))
    assert len(made) == 9, made
    page = (first / "clinicians/index.html").read_text(encoding="utf-8")
    card = page[page.index('id="dr-test"'):page.index("</li>", page.index('id="dr-test"'))]
    assert card.count("<source ") == 2 and 'alt="Dr. Test in a white coat"' in card
    assert 'width="160" height="200"' in card and 'loading="lazy"' not in card  # first card
    assert "aria-hidden" not in card
    about = (first / "about/index.html").read_text(encoding="utf-8")
    assert 'loading="lazy"' in about and "-160." in about  # below the page's own text
    a, b = _files(first), _files(second)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_without_a_photo_the_card_shows_a_hidden_outline(tmp_path):
    content = make_project(tmp_path)
    result = build_in_process(tmp_path, content)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "output/clinicians/index.html").read_text(encoding="utf-8")
    assert re.search(r'<svg class="clinician__photo clinician__photo--none" '
                     r'aria-hidden="true" focusable="false" width="160" height="200"', page)
    assert "<picture>" not in page and not (tmp_path / "output/images").exists()
