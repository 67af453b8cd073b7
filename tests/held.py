"""Which documents of ``../shared/corpus`` the strict corpus tests hold: a list that only grows.

A document enters :data:`HELD` once it passes every strict test (figures as printed, the exact
error findings, every printed row read); from then on nothing asserted on it is loosened. A
document of the manifest not held yet is still read, audited and rendered by the tests that
ask only that nothing is lost; the strict tests print its name and what keeps it out.
"""

from __future__ import annotations

#: the documents budgetkit was built on
FOUNDATION = frozenset({
    "beijing-xicheng/2023-social-insurance-fund-center-unit-budget.txt",
    "shanghai-putuo/2023-wanli-street-dept-budget.pdf",
    "shanghai-putuo/2024-wanli-street-dept-budget.pdf",
    "shanghai-putuo/2025-wanli-street-dept-budget.pdf",
    "shanghai-putuo/2025-district-office-dept-budget.pdf",
    "shanghai-putuo/2025-district-office-unit-budget.pdf",
    "shanghai-putuo/2025-commerce-dept-budget.pdf",
    "shanghai-putuo/2024-finance-dept-final.pdf",
    "jiangsu/2017-npc-office-budget.pdf",
    "jiangsu/2018-npc-office-budget.pdf",
    "jiangsu/2019-npc-office-budget.pdf",
    "jiangsu/2019-npc-office-budget-tables.pdf",
    "jiangsu/2017-procuratorate-budget.pdf",
    "jiangsu/2018-procuratorate-budget.pdf",
    "jiangsu/2019-procuratorate-budget.pdf",
    "jiangsu/2017-party-office-budget-text.pdf",
    "jiangsu/2017-party-office-budget-tables.pdf",
    "jiangsu/2018-party-office-budget-text.pdf",
    "jiangsu/2018-party-office-budget-tables.pdf",
    "jiangsu/2019-party-office-budget-text.pdf",
    "jiangsu/2019-party-office-budget-tables.pdf",
})

#: documents from templates met later, each added when it passes every strict test
ADDED = frozenset({
    "beijing/2026-major-projects-office-dept-budget-text.pdf",
    "central/2024-southwest-university-dept-budget.pdf",
    "central/2024-southwest-university-dept-final.pdf",
    "chongqing/2026-water-resources-bureau-dept-budget.pdf",
    "hunan-changsha/2025-public-security-bureau-dept-budget.pdf",
    "shaanxi-xian/2026-public-security-bureau-dept-budget.pdf",
    "beijing/2026-major-projects-office-dept-budget-tables.pdf",
    "central/2024-state-bureau-letters-calls-dept-final.pdf",
    "central/2026-state-bureau-letters-calls-dept-budget.pdf",
    "guangdong-foshan/2019-rail-transit-bureau-dept-final.pdf",
    "guangdong-guangzhou/2026-statistics-bureau-dept-budget.pdf",
    "guangdong-zhuhai/2026-commerce-bureau-dept-budget.pdf",
    "shaanxi-xian/2022-health-commission-dept-final.pdf",
    "shandong-yantai/2026-education-bureau-dept-budget.pdf",
    "shanghai-city/2026-data-bureau-unit-budget.pdf",
    "zhejiang-hangzhou/2026-justice-bureau-dept-budget.pdf",
})

HELD = FOUNDATION | ADDED


def relative(path) -> str:
    """A corpus file's name as the manifest gives it."""
    return str(path).replace("\\", "/").split("/corpus/", 1)[-1]


def is_held(files) -> bool:
    """Whether a disclosure (its files) is held: every file of it."""
    return all(relative(f) in HELD for f in files)


def report_not_held(test: str, reasons: dict[str, str]) -> str:
    """The lines a strict test prints for the documents it does not hold yet."""
    if not reasons:
        return ""
    lines = [f"{test}: not held yet ({len(reasons)}), and why:"]
    lines += [f"  {name}: {why}" for name, why in sorted(reasons.items())]
    return "\n".join(lines)


def hold(test: str, documents, check, capsys=None) -> None:
    """``check(files, d)`` asserted on every held document of ``documents`` ((files, disclosure)
    pairs); tried on the others, whose names and failures are printed (``capsys`` lets them
    through pytest's capture), as is a document that passes and can now be held."""
    reasons: dict[str, str] = {}
    for files, d in documents:
        if is_held(files):
            check(files, d)
            continue
        name = " + ".join(relative(f) for f in files)
        try:
            check(files, d)
            reasons[name] = "passes now: can be held"
        except AssertionError as exc:
            reasons[name] = (" ".join(str(exc).split()) or "assertion failed")[:240]
    text = report_not_held(test, reasons)
    if text and capsys is not None:
        with capsys.disabled():
            print("\n" + text)
