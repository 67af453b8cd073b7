"""Raw document → :class:`Disclosure`: tables tidied, unit and year found, narrative facts read."""

from __future__ import annotations

import re
from pathlib import Path

from .codes import name_levels
from .errors import ReadError
from .kinds import kind_of_title
from .model import Disclosure, Problem, Unit
from .narrative import extract_facts, split_sections
from .placement import place
from .readers import RawDocument, read_raw
from .tidy import tidy_table
from .lookup import link_facts
from .verify import verify

__all__ = ["read", "read_many", "build_disclosure", "merge_raw", "unit_key", "region_of", "identity", "group_parts"]

_DISCLOSURE_WORDS = re.compile(r"(部门|单位)(预算|决算)|预算公开|决算公开|预算情况说明|决算情况说明|收支预算|收支决算")
_DOC_TITLE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年度?[^\d，。；]{0,8}?(?P<kind>预算|决算)")


def read(path: str | Path | list) -> Disclosure:
    """Read one disclosure into a :class:`Disclosure`: one file, or the files of one
    disclosure published in parts (Jiangsu's narrative "文件" PDF and its "表格" PDF).

    Raises :class:`budgetkit.ReadError` naming the file (and table) when it cannot.
    """
    if isinstance(path, (list, tuple)):
        raws = [read_raw(p) for p in path]
        return build_disclosure(merge_raw(raws) if len(raws) > 1 else raws[0])
    return build_disclosure(read_raw(path))


def merge_raw(raws: list[RawDocument]) -> RawDocument:
    """The parts of one disclosure as one raw document: narratives in order, then all tables."""
    ordered = sorted(raws, key=lambda r: len(r.tables))  # the narrative part first
    return RawDocument(
        path=" + ".join(r.path for r in ordered),
        narrative=[line for r in ordered for line in r.narrative],
        tables=[t for r in ordered for t in r.tables],
        format="+".join(dict.fromkeys(r.format for r in ordered)),
        narrative_pages=[r.page_map(i) for r in ordered for i in range(len(r.narrative))],
        printed=[row for r in ordered for row in r.printed],
    )


def unit_key(name: str | None) -> str:
    """A unit's name compared across documents: "中国共产党江苏省委员会办公厅" = "中共江苏省委办公厅"
    = "江苏省委办公厅"."""
    key = re.sub(r"\s+", "", name or "")
    key = key.replace("中国共产党", "").removeprefix("中共").replace("委员会", "委")
    return key


def read_many(paths: list[str | Path]) -> list[tuple[list[str], Disclosure | ReadError]]:
    """Read many files; files that are parts of one disclosure (same unit, year and kind, and
    only one of them with tables) are read as one. Returns (files, disclosure or error)."""
    parsed: list[tuple[str, RawDocument | ReadError, Disclosure | None]] = []
    for p in paths:
        try:
            raw = read_raw(p)
            parsed.append((str(p), raw, build_disclosure(raw)))
        except ReadError as exc:
            parsed.append((str(p), exc, None))
    groups = group_parts([identity(d, raw) if d is not None else None for _, raw, d in parsed])
    out: list[tuple[list[str], Disclosure | ReadError]] = []
    for members in groups:
        files = [parsed[j][0] for j in members]
        if len(members) == 1:
            _, raw, d = parsed[members[0]]
            out.append((files, d if d is not None else raw))
            continue
        try:
            out.append((files, build_disclosure(merge_raw([parsed[j][1] for j in members]))))
        except ReadError as exc:
            out.append((files, exc))
    return out


def identity(d: Disclosure, raw: RawDocument) -> dict:
    """What decides whether files are parts of one disclosure."""
    return {"unit": unit_key(d.unit.name), "year": d.year, "kind": d.kind, "tables": len(raw.tables)}


def group_parts(identities: list[dict | None]) -> list[list[int]]:
    """Indexes of the files that make one disclosure each, in order: files of the same unit,
    year and kind are one disclosure when at most one of them has tables (Jiangsu's narrative
    and tables PDFs); an unreadable file (``None``) stands alone."""
    by_key: dict[tuple, list[int]] = {}
    for i, ident in enumerate(identities):
        if ident is not None:
            by_key.setdefault((ident["unit"], ident["year"], ident["kind"]), []).append(i)
    merged = {}
    for members in by_key.values():
        if len(members) > 1 and sum(identities[i]["tables"] > 0 for i in members) <= 1:
            merged[members[0]] = members
    skip = {i for members in merged.values() for i in members[1:]}
    return [merged.get(i, [i]) for i in range(len(identities)) if i not in skip]


def build_disclosure(raw: RawDocument) -> Disclosure:
    """A raw document as a :class:`Disclosure`. Each step that works on a part of the document
    (a table, the narrative, verification, linking) is contained: when it fails, that part is
    listed in ``Disclosure.problems`` with its reason and the rest is read without it. Only a
    document that is no disclosure at all raises :class:`ReadError`."""
    if not raw.tables and not any(line.strip() for line in raw.narrative):
        raise ReadError(raw.path, "no text and no tables found")
    problems: list[Problem] = []
    try:
        head, sections = split_sections(raw.narrative, raw.narrative_pages)
    except Exception as exc:  # noqa: BLE001 - the tables are read without the narrative
        problems.append(_problem("narrative", "文字部分", "文字部分未能分节读取，本文件只读取了表格", exc))
        head, sections = [], []
    title = " ".join(head)
    year, kind, name = _title_facts(head)
    year = year or _year_from_tables(raw, sections)
    tables = [t for t in (_tidy_contained(t, raw.path, problems) for t in raw.tables) if t is not None]
    if kind is None and tables:
        kind = "决算" if sum(t.kind.startswith("final_") for t in tables) > len(tables) / 2 else "预算"
    if not tables and year is None:
        raise ReadError(raw.path, "not a budget disclosure: no tables and no budget year found")
    if not any(t.kind != "unknown" for t in tables) and not _DISCLOSURE_WORDS.search(" ".join(raw.narrative[:200])):
        raise ReadError(raw.path, "not a budget disclosure: no table of a 部门预算 / 决算 and no words of one "
                                  "(预算公开, 部门预算, 单位决算 …) in its text")
    name = _declared_unit(head, raw) or name or _named_in_a_form(raw) or _named_in_text(raw.narrative)
    unit = _find_unit(name, tables, sections)
    names = [n for t in tables if "func_name" in t.frame for n in t.frame["func_name"].dropna().tolist()]
    try:
        facts = extract_facts(sections, year, kind, names)
    except Exception as exc:  # noqa: BLE001
        problems.append(_problem("narrative", "文字部分", "文字部分的数字未能读取，本文件只核对了表格", exc))
        facts = []
    # a title read as the first heading (重庆 2026); its words may break across lines ("…2018年度部门" /
    # "预算公开", 江苏省人大常委会办公厅 2018)
    cover = re.sub(r"\s+", "", "".join(head[:6]) or "".join(raw.narrative[:3]))
    level = "单位" if re.search(r"单位(预算|决算)", cover) else "部门" if re.search(r"部门(预算|决算)", cover) else None
    d = Disclosure(
        level=level,
        region=region_of(unit.name, " ".join(raw.narrative[:80])),
        path=raw.path,
        unit=unit,
        year=year,
        kind=kind,
        title=title,
        sections=sections,
        facts=facts,
        tables=tables,
        format=raw.format,
        problems=problems,
    )
    _contained(d, "levels", "各表的科目层级", "科目的类、款、项名称未能补全", name_levels, d.tables, d.year)
    if not _contained(d, "verify", "各表的核对", "各表未能相互核对，所有数额均按未核对处理，不据以指出错误", verify, d):
        _unchecked(d)
    _contained(d, "placement", "印出的科目行", "未能核对各页印出的科目行是否都已读入", _place, d, raw.printed)
    _contained(d, "link", "文字与表格的对应", "文字中的数字未能与表格对应", link_facts, d)
    return d


def _place(d: Disclosure, printed: list) -> None:
    d.placement = place(d, printed) if printed else None


def _problem(stage: str, part: str, reason: str, exc: BaseException, page: int | None = None,
             kind: str | None = None, file: str | None = None) -> Problem:
    return Problem(stage, part, reason, f"{type(exc).__name__}: {exc}", page, kind, file)


def _tidy_contained(raw_table, path: str, problems: list[Problem]):
    """The tidy table, or ``None`` with a problem listed when its layout cannot be read."""
    try:
        return tidy_table(raw_table, path)
    except Exception as exc:  # noqa: BLE001 - one table never costs the document
        number = f"表{raw_table.number}" if raw_table.number else ""
        page = raw_table.origin(0).page
        problems.append(_problem("table", f"{number}「{raw_table.title}」", "这张表的排版未能读取，本表的数额未计入核对",
                                 exc.__cause__ or exc, page, kind_of_title(raw_table.title), raw_table.file))
        return None


def _contained(d: Disclosure, stage: str, part: str, reason: str, step, *args) -> bool:
    """Run one step of reading on the whole disclosure; a failure is listed, not raised."""
    try:
        step(*args)
        return True
    except Exception as exc:  # noqa: BLE001
        d.problems.append(_problem(stage, part, reason, exc))
        return False


def _unchecked(d: Disclosure) -> None:
    """Every table and amount unchecked, as when no identity covers them (verification failed)."""
    for t in d.tables:
        t.cell_status, t.doubts, t.status = {}, [], "unchecked"
        t.frame["status"] = "unchecked"
        t.frame["doubt"] = None
        t.forget()
    d.forget()


_PROVINCES = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省",
    "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省",
    "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区", "西藏自治区",
    "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区",
)
_BELOW = re.compile(r"^(?P<city>[\u4e00-\u9fff]{1,6}?(?:市|自治州|地区|盟))?(?P<county>[\u4e00-\u9fff]{1,6}?(?:区|县|旗))?")


def region_of(name: str | None, text: str = "") -> str | None:
    """The administrative region a unit belongs to, from its name ("北京市西城区…" → "北京市西城区";
    a city's unit, "广州市统计局" → "广东省广州市", by the prefecture-level cities of
    ``data/cities.json``), else "中央" for a central unit ("国家信访局", or a text that says it is
    one: "教育部直属", "中央部门"); ``None`` when neither says."""
    if not name:
        return "中央" if _CENTRAL_TEXT.search(text) else None
    hits = [(name.find(p), p) for p in _PROVINCES if p in name]
    if not hits:
        hits = [(name.find(p[:2]), p[:2]) for p in _PROVINCES if p[:2] in name and not p.startswith(("内蒙", "广西", "西藏", "宁夏", "新疆"))]
    if not hits:
        city = min(((name.find(c), c) for c in _CITIES if c in name), default=None)
        if city is not None:
            rest = name[city[0] + len(city[1]):]
            m = _BELOW.match(rest)
            county = m.group("county") if m and m.group("county") and not _ORGAN.search(m.group("county")) else ""
            return f"{_CITIES[city[1]]}{city[1]}{county}"
        if _CENTRAL_NAME.match(name) or _CENTRAL_TEXT.search(text):
            return "中央"
        return None
    start, province = min(hits)
    rest = name[start + len(province):]
    m = _BELOW.match(rest)
    region = province if province.endswith(("省", "市", "区")) else province + "省"
    if m and m.group("city") and not re.search(r"(政府|委员|人民|办公|机关|检察|法院)", m.group("city")):
        region += m.group("city")
        rest = rest[len(m.group("city")):]
        m = _BELOW.match(rest)
    if m and m.group("county") and not re.search(r"(政府|委员|人民|办公|机关|检察|法院|街道)", m.group("county")):
        region += m.group("county")
    return region


_ORGAN = re.compile(r"(政府|委员|人民|办公|机关|检察|法院|街道)")
_CENTRAL_NAME = re.compile(r"^(国家|中华人民共和国|国务院|中共中央|中央|全国|中国(?!共产党[\u4e00-\u9fff]{2,3}省))")
_CENTRAL_TEXT = re.compile(r"教育部直属|中央部门|中央本级|中央级|中央预算单位|国务院直属|中央国家机关")


def _load_cities() -> dict[str, str]:
    """Each prefecture-level city (and 州, 盟, 地区) → its province."""
    import json
    from importlib.resources import files

    data = json.loads(files("budgetkit").joinpath("data/cities.json").read_text("utf-8"))
    return {city: province for province, cities in data.items() if not province.startswith("_") for city in cities}


_CITIES = _load_cities()


def _title_facts(head: list[str]) -> tuple[int | None, str | None, str | None]:
    """Year, kind and unit name from the lines above the first section."""
    year = kind = name = None
    for i, line in enumerate(head):
        m = _DOC_TITLE.search(line)
        if m:
            year, kind = int(m.group("year")), m.group("kind")
            before = line[: m.start()].strip()
            inside = _NAME_IN_TITLE.search(line)  # "2026年烟台市教育局部门预算": the name after the year
            name = before or (inside.group("name") if inside else None) or _name_above(head[:i])
            break
    if year is None:  # a cover whose text runs "江苏省人民检察院 / 年部门预算 / 2017"
        cover = "".join(head[:6])
        years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", cover)
        kinds = re.findall(r"(预算|决算)", cover)
        if years and kinds:
            year, kind = int(years[0]), kinds[0]
    if name is None and head:
        first = head[0].strip()
        # a cover's first line, unless it is a sentence or a note ("注：本部门无相关内容。")
        name = first if not re.search(r"\d|目录|预算|决算|[。，；：:]|^注", first) else None
    return year, kind, name


_NAME_IN_TITLE = re.compile(r"(?:19|20)\d{2}\s*年度?(?P<name>[\u4e00-\u9fff（）()]{2,30}?)(?:部门|单位)(?:预算|决算)")


def _name_above(lines: list[str]) -> str | None:
    """The unit's name on a cover, set over several lines above the title ("上海市普陀区规划和" /
    "自然资源局" / "2024年部门预算"): the lines right above it that hold no year, joined. A number in a
    name is no year ("北京市西城区【合成样例1900】桅中心", ``benchmarks/synth.py``)."""
    parts: list[str] = []
    for line in reversed(lines[-3:]):
        text = re.sub(r"\s+", "", line)
        if not text or re.search(r"(?:19|20)\d{2}\s*年|目录|预算|决算|[，。；]", text) or len(text) > 40:
            break
        parts.insert(0, text)
    return "".join(parts) or None


def _named_in_text(lines: list[str]) -> str | None:
    """The organ most often named in the text, for a document whose cover names none."""
    organ = re.compile(
        "((?:中共)?(?:" + "|".join(_PROVINCES) + r")(?:[\u4e00-\u9fff]{1,4}[区县])?[\u4e00-\u9fff]{0,10}?"
        r"(?:检察院|法院|办公厅|委员会|办公室|局|厅|中心|街道办事处))"
    )
    names = [m for line in lines for m in organ.findall(line)]
    return max(set(names), key=names.count) if names else None


def _year_from_tables(raw: RawDocument, sections) -> int | None:
    """The year most often written "20XX年" in table titles and section titles."""
    text = " ".join([t.title for t in raw.tables] + [s.title for s in sections])
    years = re.findall(r"((?:19|20)\d{2})\s*年", text)
    return int(max(set(years), key=years.count)) if years else None


_DECLARED = re.compile(r"^(?:预算单位|部门名称|单位名称|编制单位|编制部门|部门)\s*[:：]\s*(?P<name>\S[^:：]{1,40})$")


def _declared_unit(head: list[str], raw: RawDocument) -> str | None:
    """A unit named outright: "预算单位：…" under the title, or the "编制单位：…" of the tables."""
    for line in head:
        m = _DECLARED.match(line.strip())
        if m:
            return re.sub(r"\s+", "", m.group("name"))
    named = [n.split(":", 1)[1] for t in raw.tables for n in t.notes if n.startswith("unit_name:")]
    if named:
        return max(set(named), key=named.count)
    return None


_NAME_LABEL = re.compile(r"^(部门名称|单位名称|预算单位|编制单位|主管部门)[:：]?$")


def _named_in_a_form(raw: RawDocument) -> str | None:
    """The unit a table's form row names ("部门名称 | 北京市重大项目建设指挥部办公室", the 部门整体支出
    绩效目标表 of 北京 2026's 报表, the only table page that names its department)."""
    for t in raw.tables:
        for row in t.rows[:3]:
            cells = [re.sub(r"\s+", "", c) for c in row if c.strip()]
            if cells and _NAME_LABEL.match(cells[0]):
                value = next((c for c in cells[1:] if not c.startswith(cells[0]) and 2 <= len(c) <= 40), None)
                if value and not re.search(r"\d|科目|编码|名称$|^合计$|^金额", value):  # a header's words are no name
                    return value
    return None


def _find_unit(name: str | None, tables, sections) -> Unit:
    """The unit's code and the department above it, from the tables that list unit codes."""
    candidates: dict[str, str] = {}
    for t in tables:
        f = t.frame
        if "unit_code" in f:
            for code, uname in zip(f["unit_code"], f.get("unit_name", [None] * len(f))):
                if isinstance(code, str) and code.isdigit():
                    candidates.setdefault(code, uname if isinstance(uname, str) else None)
    unit = Unit(name=name)
    if name:
        for code, uname in candidates.items():
            if uname and (uname == name or uname in name or name in uname):
                unit.code = code
    if unit.code is None and candidates:
        unit.code = max(candidates, key=len)
        unit.name = unit.name or candidates[unit.code]
    if unit.code:
        parents = [c for c in candidates if c != unit.code and unit.code.startswith(c)]
        if parents:
            unit.parent_code = max(parents, key=len)
            unit.parent_name = candidates[unit.parent_code]
    if unit.parent_name is None:
        for s in sections:
            for p in s.paragraphs:
                # "本单位为××局所属事业单位"; not "为国家信访局及所属单位当年…取得的资金" (国家信访局
                # 2024 p.17), a department and its units, which names no department above it
                m = next((m for m in re.finditer(r"为(?P<parent>[\u4e00-\u9fff（）()]{4,40}?)所属", p)
                          if not m.group("parent").endswith(("及", "和", "与", "及其"))), None)
                if m:
                    unit.parent_name = m.group("parent")
                    break
    return unit
