"""The font subset embedded in every page (budgetkit/webfont.py)."""

import fontTools.ttLib.tables._h_e_a_d as head

from budgetkit import webfont


def test_the_same_characters_give_the_same_font_bytes_at_any_time(monkeypatch):
    # fontTools stamps a font with the time it is saved unless told not to: a page re-rendered a
    # second later was different bytes, so unchanged reports could not be told from changed ones
    webfont._woff.cache_clear()
    first = webfont._woff("一般公共预算支出合计123")
    webfont._woff.cache_clear()
    monkeypatch.setattr(head, "timestampNow", lambda: 3_900_000_000)  # some other second
    again = webfont._woff("一般公共预算支出合计123")
    webfont._woff.cache_clear()
    assert again == first and len(first) > 1000
