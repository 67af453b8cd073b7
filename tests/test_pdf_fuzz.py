"""PDF fuzzing: real corpus PDFs broken at the byte level (truncated at many points, bytes
flipped, pages dropped, objects duplicated, a page tree that loops, streams that lie about their
length) and ``budgetkit check`` run on each. Every run ends within its budget with exit status
0, 1 or 2, at most one line on stderr, never a traceback.

Mutants are written by the test from the corpus (never kept); the mutation is deterministic
(seeded), so a failure names a mutant that can be made again.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from budgetkit.cli import main

pytestmark = pytest.mark.corpus

#: small corpus PDFs of three kinds: Jiangsu tables, Jiangsu narrative, Shanghai narrative + tables
SOURCES = ["jiangsu/2019-npc-office-budget-tables.pdf", "jiangsu/2017-party-office-budget-text.pdf",
           "shanghai-putuo/2025-district-office-dept-budget.pdf"]
TIMEOUT = 20  # seconds per document: generous for a loaded CI machine, a mutant should never need it


def _truncated(data: bytes) -> dict[str, bytes]:
    points = [0.01, 0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 0.999]
    out = {f"truncated-{int(p * 1000):03d}": data[: int(len(data) * p)] for p in points}
    out["truncated-before-eof"] = data[: data.rstrip().rfind(b"%%EOF")]
    return out


def _flipped(data: bytes, rng: random.Random) -> dict[str, bytes]:
    out = {}
    for name, count, lo, hi in (("flipped-20", 20, 0, len(data)), ("flipped-2000", 2000, 0, len(data)),
                                ("flipped-head", 40, 0, min(len(data), 2048)),
                                ("flipped-tail", 40, max(0, len(data) - 2048), len(data))):
        buf = bytearray(data)
        for _ in range(count):
            i = rng.randrange(lo, hi)
            buf[i] ^= 1 << rng.randrange(8)
        out[name] = bytes(buf)
    return out


_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_REF = re.compile(rb"\d+\s+\d+\s+R")
_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b(.*?)endobj", re.S)
_PAGES_OBJ = re.compile(rb"(\d+)\s+0\s+obj\s*<<(?:(?!endobj).)*?/Type\s*/Pages", re.S)


def _pages(data: bytes) -> dict[str, bytes]:
    out = {}
    kids = _KIDS.search(data)
    if kids:
        refs = _REF.findall(kids.group(1))
        dropped = b" ".join(refs[1::2]) if len(refs) > 1 else b""
        out["pages-dropped"] = data[: kids.start(1)] + dropped + data[kids.end(1):]
        out["pages-none"] = data[: kids.start(1)] + data[kids.end(1):]
        parent = _PAGES_OBJ.search(data)
        if parent:  # the page tree's root listed among its own kids: a loop
            loop = refs + [parent.group(1) + b" 0 R"]
            out["pages-loop"] = data[: kids.start(1)] + b" ".join(loop) + data[kids.end(1):]
    out["page-type-renamed"] = data.replace(b"/Type/Page", b"/Type/Pagx").replace(b"/Type /Page", b"/Type /Pagx")
    return out


def _objects(data: bytes, rng: random.Random) -> dict[str, bytes]:
    out = {}
    objects = list(_OBJ.finditer(data))
    eof = data.rstrip().rfind(b"%%EOF")
    if objects:
        chosen = [objects[i] for i in sorted(rng.sample(range(len(objects)), min(8, len(objects))))]
        extra = b"".join(b"\n" + m.group(0) + b"\n" for m in chosen)
        out["objects-duplicated"] = data[:eof] + extra + data[eof:]
        # the same object numbers again, with other bodies: which one is meant?
        swapped = b"".join(b"\n%s %s obj\n<< /Type /Page /Kids [%s 0 R] >>\nendobj\n" % (m.group(1), m.group(2), m.group(1))
                           for m in chosen)
        out["objects-conflicting"] = data[:eof] + swapped + data[eof:]
    out["file-twice"] = data + data
    out["lengths-lie"] = re.sub(rb"/Length\s+\d+", b"/Length 999999999", data)
    out["streams-emptied"] = re.sub(rb"stream\r?\n.*?endstream", b"stream\nendstream", data, flags=re.S)
    out["filter-wrong"] = data.replace(b"/FlateDecode", b"/LZWDecode")
    out["xref-garbled"] = re.sub(rb"\d{10} \d{5} [nf]", b"9999999999 00000 n", data)
    return out


def mutants(corpus: Path, folder: Path) -> list[Path]:
    rng = random.Random(20240613)
    paths = []
    for source in SOURCES:
        data = (corpus / source).read_bytes()
        variants = {**_truncated(data), **_flipped(data, rng), **_pages(data), **_objects(data, rng)}
        for name, content in variants.items():
            path = folder / f"{Path(source).stem}--{name}.pdf"
            path.write_bytes(content)
            paths.append(path)
    return paths


@pytest.fixture(scope="module")
def broken(corpus, tmp_path_factory) -> list[Path]:
    return mutants(corpus, tmp_path_factory.mktemp("pdf-mutants"))


def test_mutants_differ_from_their_sources(broken, corpus):
    sources = {(corpus / s).read_bytes() for s in SOURCES}
    assert len(broken) >= 60
    assert all(p.read_bytes() not in sources for p in broken)


def test_check_on_each_mutant_ends_cleanly_within_its_budget(broken, capfd):
    outcomes = {}
    for path in broken:
        start = time.monotonic()
        status = main(["check", str(path), "--timeout", str(TIMEOUT), "--jobs", "1"])
        elapsed = time.monotonic() - start
        out, err = capfd.readouterr()
        lines = [line for line in err.splitlines() if line.strip()]
        assert status in (0, 1, 2), (path.name, status)
        assert "Traceback" not in err and "Traceback" not in out, (path.name, err)
        assert len(lines) <= 1, (path.name, lines)
        assert elapsed < TIMEOUT + 10, (path.name, elapsed)  # the budget, and time to stop the child
        if status == 2:
            assert lines and lines[0].startswith(f"budgetkit: cannot read {path}: "), (path.name, lines)
        else:
            assert not lines and f"== {path}" in out, (path.name, lines)
        outcomes[path.name] = status
    # the mutations bite (some files are refused) and the reader copes (some are still read)
    assert sum(s == 2 for s in outcomes.values()) >= 10, outcomes
    assert sum(s in (0, 1) for s in outcomes.values()) >= 10, outcomes
    truncated_early = [n for n in outcomes if "truncated-010" in n or "truncated-050" in n]
    assert truncated_early and all(outcomes[n] == 2 for n in truncated_early), outcomes


def test_one_check_over_all_mutants_as_a_user_runs_it(broken):
    """The command itself, on the folder: one line per refused file, exit 2, no traceback."""
    folder = broken[0].parent
    run = subprocess.run([sys.executable, "-m", "budgetkit", "check", str(folder), "--timeout", str(TIMEOUT)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert lines and all(line.startswith("budgetkit: cannot read ") for line in lines), lines[:5]
    refused = [next(str(p) for p in broken if f" {p}: " in line) for line in lines]
    assert len(refused) == len(set(refused))  # at most one line per file
    # every other file audited (the narrative-only mutants of one source read as parts of one disclosure)
    audited = {f for line in run.stdout.splitlines() if line.startswith("== ") for f in line[3:].split("  ")[0].split(" + ")}
    assert audited.isdisjoint(refused) and audited | set(refused) == {str(p) for p in broken}
