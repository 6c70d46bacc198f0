"""The floor: Python-Markdown alone over a content folder, in one process."""

import sys
from pathlib import Path

import markdown

from apmg.bench.variants import EXTENSIONS, split

if __name__ == "__main__":
    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    for path in sorted(Path(sys.argv[1]).rglob("*.md")):
        md.reset().convert(split(path)[1])
