"""The one registry of the site's illustrations: the names editors write in front matter.

Each drawing is an inline SVG template, ``theme/templates/illustrations/<name>.svg``,
drawn for this site. Its short title and its longer text alternative live here, in
English, as gettext msgids (``apmg/i18n.py`` adds them to the catalog), so the schema
(``illustrations:`` accepts only these names), the component that draws them
(``components/illustration.html``) and the Spanish catalog all read one list.
Standard library only: the schema imports it at load time.
"""

from __future__ import annotations

from dataclasses import dataclass

# An inline drawing is part of every page that shows it (page budget: 30 KB gzip).
MAX_BYTES = 4096


@dataclass(frozen=True)
class Illustration:
    """One drawing: its name (the key editors write), title and text alternative."""

    name: str
    title: str  # the <title> and the default visible caption
    description: str  # the <desc>: what a reader who cannot see the drawing needs

    @property
    def template(self) -> str:
        """The Jinja template that draws it, relative to theme/templates/."""
        return f"illustrations/{self.name}.svg"


_ALL = [
    Illustration(
        "spine-regions", "The parts of the spine",
        "The spine seen from the side. From top to bottom: the neck (cervical spine, 7 "
        "bones), the mid-back (thoracic spine, 12 bones), the lower back (lumbar spine, 5 "
        "bones), then the sacrum and the tailbone. The spine has a gentle curve in each part."),
    Illustration(
        "facet-joint", "A facet joint",
        "Two bones of the spine seen from the side, with a soft disc between them at the "
        "front. At the back, a small joint links each bone to the next one. This is a facet "
        "joint. There is one on the left and one on the right at each level."),
    Illustration(
        "medial-branch-nerves", "The nerves of a facet joint",
        "Two bones of the spine seen from the side. Small nerves called medial branch nerves "
        "come off the spinal nerves and curve around the back of the spine to the facet "
        "joint. They carry pain signals from the joint. Each facet joint has two of them."),
    Illustration(
        "needle-facet-joint", "Where the needle goes: facet joint injection",
        "Two bones of the spine seen from the side. A thin needle goes in through the skin "
        "of the back. Its tip rests in the facet joint, and the medicine goes there. Live "
        "X-ray helps guide it."),
    Illustration(
        "needle-medial-branch", "Where the needle goes: medial branch nerves",
        "Two bones of the spine seen from the side. A thin needle goes in through the skin "
        "of the back. Its tip rests next to a small medial branch nerve, close to the facet "
        "joint. For a nerve block, numbing medicine goes there. For radiofrequency "
        "ablation, the tip heats the nerve so it stops sending pain signals."),
    Illustration(
        "needle-epidural", "Where the needle goes: epidural injection",
        "A cut-away side view of the spine. The bones and the soft discs are at the front. "
        "Behind them, the spinal nerves run inside a tube. The epidural space is a thin "
        "layer around this tube. A thin needle goes in from the back, between two bones, "
        "and the medicine spreads in the epidural space, near the sore nerves."),
    Illustration(
        "sacroiliac-joint", "The sacroiliac joints",
        "The pelvis seen from behind. The sacrum is the wedge-shaped bone at the bottom of "
        "the spine. It sits between the two hip bones. The sacroiliac joints are where they "
        "meet, one on each side."),
    Illustration(
        "needle-sacroiliac", "Where the needle goes: sacroiliac joint injection",
        "The pelvis seen from behind. A thin needle goes in through the skin of the low "
        "back. Its tip rests in the lower part of one sacroiliac joint, and the medicine "
        "goes there. Live X-ray helps guide it."),
    Illustration(
        "knee-genicular-nerves", "The genicular nerves of the knee",
        "The knee seen from the front: the thigh bone at the top, the shin bone below, and "
        "the kneecap in front of the joint. Small nerves called genicular nerves run around "
        "the knee, above and below the joint. They carry pain signals from the knee."),
    Illustration(
        "needle-genicular", "Where the needles go: genicular nerves",
        "The knee seen from the front. Thin needles point to three spots where genicular "
        "nerves run along the bone: two above the knee joint and one below it. For a nerve "
        "block, numbing medicine goes there. For radiofrequency ablation, the tip heats "
        "the nerve."),
    Illustration(
        "needle-trigger-point", "Where the needle goes: trigger point injection",
        "A muscle under the skin. A tight, tender knot in the muscle is a trigger point. A "
        "thin needle goes through the skin into the knot, and the medicine goes there."),
    Illustration(
        "needle-occipital", "Where the needle goes: occipital nerve block",
        "The back of the head and neck. The occipital nerves run up from the top of the "
        "neck over the back of the head, one on each side. A thin needle goes in near the "
        "base of the skull, next to one nerve, and numbing medicine goes there."),
    Illustration(
        "stimulator-leads", "A spinal cord stimulator",
        "The spine seen from behind. Thin wires called leads lie along the spine, just "
        "behind the spinal cord. A wire runs under the skin to a small battery, also under "
        "the skin, near the buttock. The battery sends mild electrical pulses through the "
        "leads."),
    Illustration(
        "xray-guidance", "How live X-ray guides the needle",
        "A person lies face down on a table. An X-ray machine shaped like the letter C "
        "curves over the back. A screen shows live pictures of the bones of the spine and "
        "the needle, so the doctor can guide the needle to the right spot."),
]

ILLUSTRATIONS: dict[str, Illustration] = {i.name: i for i in _ALL}
NAMES: tuple[str, ...] = tuple(ILLUSTRATIONS)


def get(name: str) -> Illustration:
    """The registry entry of ``name`` (a template filter: ``name | illustration``).

    Front matter is validated against NAMES, so only a template typo reaches the error.
    """
    try:
        return ILLUSTRATIONS[name]
    except KeyError:
        raise KeyError(f"no illustration {name!r}; the registry "
                       f"(apmg/model/illustrations.py) has: {', '.join(NAMES)}") from None


def messages() -> list[tuple[str, str]]:
    """Every msgid the registry holds, with its name, for the translation catalog."""
    return [(text, i.name) for i in _ALL for text in (i.title, i.description)]
