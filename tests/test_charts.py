"""Charts: Chinese glyphs drawn from the bundled open font, and pictures that match baselines."""

import warnings
from pathlib import Path

import pytest
from matplotlib.testing.compare import compare_images

from budgetkit import charts
from budgetkit.fonts import CJK_FAMILY, missing_glyphs, use_cjk_font

BASELINE = Path(__file__).parent / "baseline"
CHARTS = ["structure_chart", "function_chart", "economic_chart", "projects_chart", "yoy_chart"]


def _texts(fig):
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


@pytest.mark.parametrize("name", CHARTS)
def test_every_glyph_of_every_chart_is_drawn(seed, name):
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")  # matplotlib's tofu warning
        fig = getattr(charts, name)(seed)
        png = charts.png_bytes(fig)
    assert png.startswith(b"\x89PNG")
    text = "".join(_texts(fig))
    assert any("\u4e00" <= c <= "\u9fff" for c in text)
    assert missing_glyphs(text) == set()


def test_the_font_is_the_open_cjk_face_not_a_proprietary_one():
    assert use_cjk_font() == CJK_FAMILY == "Noto Sans CJK SC"
    import matplotlib

    assert matplotlib.rcParams["font.sans-serif"][0] == CJK_FAMILY


def test_a_missing_glyph_is_detected():
    assert missing_glyphs("基本支出\U000F0000") == {"\U000F0000"}  # a private-use plane character


@pytest.mark.parametrize("name", ["structure_chart", "projects_chart"])
def test_chart_matches_its_baseline(seed, name, tmp_path):
    """plotnine-style: the rendered PNG against tests/baseline/<name>.png (regenerate by deleting it)."""
    fig = getattr(charts, name)(seed)
    actual = tmp_path / f"{name}.png"
    fig.savefig(actual, dpi=60, facecolor="white")
    expected = BASELINE / f"{name}.png"
    if not expected.exists():
        expected.write_bytes(actual.read_bytes())
        pytest.skip(f"baseline {expected.name} written; commit it")
    assert compare_images(str(expected), str(actual), tol=6) is None


def test_bars_are_sorted_and_labelled(seed):
    fig = charts.projects_chart(seed)
    ax = fig.axes[0]
    widths = [p.get_width() for p in ax.patches]
    assert widths == sorted(widths)  # largest on top (drawn last)
    labels = [t.get_text() for t in ax.texts]
    assert "1120.14（69.40%）" in labels
