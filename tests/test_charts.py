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


@pytest.mark.parametrize("name", ["structure_chart", "projects_chart", "yoy_chart"])
def test_chart_matches_its_baseline(seed, name, tmp_path):
    """plotnine-style: the rendered PNG against tests/baseline/<name>.png (regenerate by deleting
    it, after looking at the new picture)."""
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
    bars = sorted(ax.patches, key=lambda p: p.get_y())  # top to bottom (the y axis points down)
    widths = [p.get_width() for p in bars]
    assert widths == sorted(widths, reverse=True)  # largest on top
    labels = [t.get_text() for t in ax.texts]
    assert "1,120.14（69.40%）" in labels  # the format of the tables: separators, two decimals
    assert "区县离休干部生活补贴支出(2023年）" in labels  # its name above the bar, not squeezed beside the axis


@pytest.mark.parametrize("name", CHARTS)
def test_charts_are_narrow_and_their_text_legible_on_a_phone(seed, name):
    """Every chart is drawn WIDTH inches wide and shown at most 100 CSS px per inch; its smallest
    text is MIN_FONT points. At 390 px (about 360 px for the chart) that text is ≥ 9.5 px high."""
    fig = getattr(charts, name)(seed)
    assert fig.get_figwidth() == charts.WIDTH
    assert charts.smallest_font(fig) >= charts.MIN_FONT
    img = charts.image(fig)
    assert img["width"] == charts.WIDTH * charts.CSS_PX_PER_INCH
    assert img["font_px"] * 360 / img["width"] >= 9.5


def _svg_texts(svg: str) -> list[str]:
    import html
    import re

    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_a_page_gets_its_chart_as_svg_whose_text_is_text(seed):
    """Every label and value of the chart is a <text> of the inline SVG (so the browser draws it
    in the page's embedded font, sharp and searchable), with no font of its own, no XML prologue,
    no creator, no style for the whole page; 500 CSS px wide like the picture it replaces."""
    fig = charts.projects_chart(seed)
    svg = charts.image(fig)["svg"]
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert ' width="500" ' in svg and 'viewBox="0 0 360 ' in svg
    lines = lambda texts: [line for t in texts for line in t.get_text().split("\n") if line.strip()]  # noqa: E731
    ax = fig.axes[0]
    placed = lines(fig.texts + ax.texts)  # title, labels, values: each drawn once
    ticks = set(lines(ax.get_xticklabels()))  # those in the axis's range are drawn
    shown = _svg_texts(svg)
    assert sorted(t for t in shown if t not in ticks) == sorted(placed)
    assert {"0", "400", "800", "1,200"} <= set(shown) <= set(placed) | ticks
    assert "1,120.14（69.40%）" in _svg_texts(svg) and "区县离休干部生活补贴支出(2023年）" in _svg_texts(svg)
    for absent in ("font-family", "<style", "<?xml", "DOCTYPE", "Matplotlib", "<metadata"):
        assert absent not in svg, absent


def test_charts_on_one_page_share_no_id_and_are_the_same_bytes_every_time(seed):
    import re

    svgs = [charts.image(getattr(charts, name)(seed))["svg"] for name in CHARTS]
    assert svgs == [charts.image(getattr(charts, name)(seed))["svg"] for name in CHARTS]
    ids = [i for svg in svgs for i in re.findall(r'\sid="([^"]+)"', svg)]
    assert ids and len(ids) == len(set(ids))
    for svg in svgs:  # and every reference finds its definition in the same chart
        refs = {a or b for a, b in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg)}
        assert refs <= set(re.findall(r'\sid="([^"]+)"', svg))


def test_a_charts_svg_is_compact_and_keeps_every_element_that_draws(seed, monkeypatch):
    """matplotlib's indentation, a path's line breaks, ``rotate(-0 …)``, empty ``<defs>`` and
    groups without attributes go (a third of the bytes); every path, text, use and clip stays,
    in the same order with the same attributes, and every label's text as it was."""
    import re

    compact = {name: charts.image(getattr(charts, name)(seed))["svg"] for name in CHARTS}
    monkeypatch.setattr(charts, "_compact", lambda svg: svg)
    plain = {name: charts.image(getattr(charts, name)(seed))["svg"] for name in CHARTS}

    def drawn(svg: str) -> list[tuple[str, str]]:
        """Each element that draws or defines, with its attributes (whitespace as one space, a
        rotation by 0 left out), in order."""
        out = []
        for tag, attrs in re.findall(r"<(path|text|use|clipPath|rect|circle|line|polyline|polygon|image|g\b(?=\s))([^>]*)>", svg):
            attrs = re.sub(r'\stransform="rotate\(-0 [^)]*\)"', "", re.sub(r"\s+", " ", attrs)).replace(' "', '"').rstrip(" /")
            out.append((tag, attrs))
        return out

    for name in CHARTS:
        assert drawn(compact[name]) == drawn(plain[name]), name
        assert _svg_texts(compact[name]) == _svg_texts(plain[name]), name
        assert "\n" not in compact[name] and "<g>" not in compact[name] and "rotate(-0 " not in compact[name]
        assert len(compact[name]) < 0.8 * len(plain[name]), (name, len(compact[name]), len(plain[name]))


def test_markup_in_a_label_stays_text_in_the_chart():
    import pandas as pd

    odd = ' id="p1" font-family: x; url(#p2) xlink:href="#m"'
    frame = pd.DataFrame({"name": ["<img src=x onerror=alert(1)>", f"乙项目{odd}"], "total": [300_000_00, 100_000_00],
                          "share": [75.0, 25.0]})
    svg = charts.image(charts.projects_chart(None, frame))["svg"]
    assert "<img" not in svg and "&lt;img src=x onerror=alert(1)&gt;" in svg
    shown = "".join(_svg_texts(svg))  # the label wraps over two lines
    assert 'id="p1" font-family: x; url(#p2) xlink:href="#m"' in shown  # what looks like markup stays as printed


@pytest.mark.parametrize("name", ["function_chart", "economic_chart", "projects_chart", "yoy_chart"])
def test_bars_start_at_zero(seed, name):
    fig = getattr(charts, name)(seed)
    ax = fig.axes[0]
    assert ax.patches and all(p.get_x() == 0 for p in ax.patches)  # every bar grows from zero
    low, high = ax.get_xlim()
    assert low <= 0 <= high


def test_year_on_year_puts_percentages_only_on_its_axis(seed):
    """The seed states 2022's basic spending (4954.22万元, read as 万元: see analysis) and this
    year's 5,221.25万元: the chart shows the change in per cent; amounts stay in the table."""
    fig = charts.yoy_chart(seed)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts] + [t.get_text() for t in ax.get_xticklabels()]
    assert not any("万" in t or "," in t for t in texts), texts
    values = [t.get_text() for t in ax.texts if t.get_text().endswith("%")]
    assert values and all(v[0] in "+-" or v == "0.00%" for v in values)
    assert "+5.39%" in values  # (5,221.25 − 4,954.22) / 4,954.22 = 5.39 %


def _panel():
    import pandas as pd

    rows = [("a", "甲单位", 2017, 13_649_07_0000), ("a", "甲单位", 2018, 15_897_44_0000), ("a", "甲单位", 2019, 18_330_37_0000),
            ("b", "乙单位", 2023, 16_497_86_0000), ("b", "乙单位", 2025, 18_976_76_0000)]
    return pd.DataFrame(rows, columns=["key", "unit", "year", "total"])


def test_the_panel_shows_only_years_that_exist_from_zero():
    """No empty stretch between 2019 and 2023, no axis starting near 13,000: one small chart per
    unit, a bar from zero for each year it published, one scale for all."""
    fig = charts.panel_chart(_panel())
    axes = fig.axes
    assert len(axes) == 2
    assert [t.get_text() for t in axes[0].get_yticklabels()] == ["2017年", "2018年", "2019年"]
    assert [t.get_text() for t in axes[1].get_yticklabels()] == ["2023年", "2025年"]  # 2024 is absent: no bar, no gap
    for ax in axes:
        assert ax.get_xlim()[0] == 0 and all(p.get_x() == 0 for p in ax.patches)
    assert axes[0].get_xlim() == axes[1].get_xlim()  # one scale: bars compare across units


def test_the_legend_sits_off_the_data():
    import pandas as pd

    units = pd.DataFrame([{"unit": "甲单位", "year": 2024, "kind": "部门预算", "basic_share": 60, "project_share": 30,
                           "reserve_share": 10}, {"unit": "乙单位", "year": 2024, "kind": "部门预算", "basic_share": 70,
                                                  "project_share": 30, "reserve_share": None}])
    fig = charts.shares_chart(units)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    legend = fig.legends[0].get_window_extent(renderer)
    plot = fig.axes[0].get_window_extent(renderer)
    assert legend.y0 >= plot.y1  # above the plot, never over a bar
