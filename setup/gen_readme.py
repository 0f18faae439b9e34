"""Build each addon's README.rst from its readme/ fragments, as OCA does.

Usage: python setup/gen_readme.py [--check] ADDON_DIR...
With --check, exit 1 when a README.rst is not what the fragments give.
"""

import ast
import pathlib
import sys

SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("CONTRIBUTORS.md", "Contributors"),
]


def _md_to_rst(text):
    # The fragments use the Markdown subset that reads the same in RST, except
    # headings and inline code.
    lines = []
    for line in text.strip().splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            lines += [title, "~" * len(title)]
        else:
            lines.append(line.replace("`", "``").replace("````", "``"))
    return "\n".join(lines)


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    name = manifest["name"]
    out = ["=" * len(name), name, "=" * len(name), ""]
    out += [
        f".. |badge1| image:: https://img.shields.io/badge/licence-{manifest['license'].replace('-', '--')}-blue.png",
        f"    :alt: License: {manifest['license']}",
        "",
        "|badge1|",
        "",
        manifest["summary"],
        "",
    ]
    for fragment, title in SECTIONS:
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        if title:
            out += [title, "=" * len(title), ""]
        out += [_md_to_rst(path.read_text()), ""]
    out += ["Authors", "=======", "", f"* {manifest['author']}", ""]
    return "\n".join(out)


def main(argv):
    check = "--check" in argv
    stale = []
    for arg in (a for a in argv if a != "--check"):
        addon = pathlib.Path(arg)
        target = addon / "README.rst"
        text = render(addon)
        if check:
            if not target.exists() or target.read_text() != text:
                stale.append(str(target))
        else:
            target.write_text(text)
    if stale:
        print("out of date (run setup/gen_readme.py):", *stale)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
