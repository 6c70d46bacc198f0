"""The callout boxes staff insert from the editor's menu ("Call 911 box"), never by typing
``!!!``: one Decap editor component per type of apmg/sanitize.py ``CALLOUT_TYPES``, each
writing the admonition syntax our Markdown reads (docs/content-model.md, "Callouts")."""

from __future__ import annotations

import json

from apmg.sanitize import CALLOUT_TYPES

# type -> (the menu's name for it, the title a new box starts with)
LABELS: dict[str, tuple[str, str]] = {
    "note": ("Note box", "Did you know?"),
    "tip": ("Tip box", "Tip"),
    "warning": ("Warning box", "Important"),
    "call-clinic": ("Call the clinic box", "Call the clinic if"),
    "call-911": ("Call 911 box", "Call 911 right away if"),
}
if set(LABELS) != set(CALLOUT_TYPES):  # a new callout type needs its menu name here
    raise RuntimeError(f"apmg/cms/callouts.py LABELS: {sorted(LABELS)} != {CALLOUT_TYPES}")


def component_id(kind: str) -> str:
    return f"callout-{kind}"


def component_ids() -> list[str]:
    """The editor components a markdown field offers, in CALLOUT_TYPES order."""
    return [component_id(kind) for kind in CALLOUT_TYPES]


def script_data() -> str:
    """The JavaScript line apmg-cms.js starts with: the callouts it registers."""
    data = [{"id": component_id(k), "type": k, "label": LABELS[k][0], "title": LABELS[k][1]}
            for k in CALLOUT_TYPES]
    return f"var APMG_CALLOUTS = {json.dumps(data)};\n"
