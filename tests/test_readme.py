"""The README stays a page for users (issue #25): short, the two commands first and true, and every
link to docs/ (and every anchor) leads somewhere."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))


def test_readme_is_short():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 200


def test_the_two_commands_come_first_and_exist():
    text = README.read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", text, flags=re.M)
    assert sections[0] == "The two commands"
    first = text.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    assert "`make report`" in first and "`make test`" in first
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^report:", makefile, flags=re.M) and re.search(r"^test:", makefile, flags=re.M)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, flags=re.M)  # CI runs exactly the README's test command


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_lead_somewhere():
    for page in [README, *DOCS]:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            dest = (page.parent / path).resolve() if path else page
            assert dest.exists(), f"{page.name}: {target}"
            if anchor:
                headings = re.findall(r"^#+ (.+)$", dest.read_text(encoding="utf-8"), flags=re.M)
                assert anchor in {_anchor(h) for h in headings}, f"{page.name}: {target}"


def test_readme_links_every_docs_page():
    text = README.read_text(encoding="utf-8")
    for page in DOCS:
        assert f"(docs/{page.name})" in text, page.name


def test_every_docs_page_says_what_it_is_for():
    for page in DOCS:
        lines = [l for l in page.read_text(encoding="utf-8").splitlines() if l.strip()]
        assert lines[0].startswith("# ") and lines[1].startswith("This page is for"), page.name
