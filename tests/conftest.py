"""Shared fixtures: the seed document (from data/), the shared corpus, and variant builders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import budgetkit

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "beijing-xicheng-2023-social-insurance-fund-center.txt"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed() -> budgetkit.Disclosure:
    return budgetkit.read(SEED)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "manifest.tsv").exists():
        pytest.skip(f"the shared corpus is not at {CORPUS} (tests that read it need ../shared beside the repo)")
    return CORPUS


TITLE_LINE = re.compile(r"^表[一二三四五六七八九十]+", re.M)


def split_blocks(text: str) -> tuple[str, list[str]]:
    """The narrative and the table blocks (each from its "表X" line to the next)."""
    starts = [m.start() for m in TITLE_LINE.finditer(text)]
    narrative = text[: starts[0]]
    blocks = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    return narrative, blocks


def write(tmp_path: Path, text: str, name: str = "variant.txt", encoding: str = "utf-8", newline: str = "\n") -> Path:
    path = tmp_path / name
    data = text.replace("\n", newline).encode(encoding)
    path.write_bytes(data)
    return path


@pytest.fixture(scope="session")
def corpus_site(corpus, tmp_path_factory) -> Path:
    """The whole corpus rendered once for every test that reads the site (index, reports,
    overview, downloads): ``budgetkit render ../shared/corpus --out <tmp>``."""
    from budgetkit.render import render

    out = tmp_path_factory.mktemp("corpus-site")
    result = render([corpus], out=out, jobs=2, progress=False)
    assert result.reports and not result.failures, result.failures  # no document of the corpus lost
    return out


@pytest.fixture(scope="session")
def test_output() -> Path:
    """Where tests keep what a person should look at (screenshots): ``test-output/`` beside
    the tests, or ``$BUDGETKIT_TEST_OUTPUT``."""
    import os

    path = Path(os.environ.get("BUDGETKIT_TEST_OUTPUT") or ROOT / "test-output")
    path.mkdir(parents=True, exist_ok=True)
    return path
