"""Clean titles and site names: 「标题_站点」, 「站点 栏目 标题」, 「标题--站点」 → 标题; a site's display name and level.

A `<title>` on a government site is the article title glued to the site's name and often the column's
(标题_栏目_站点, 站点 栏目 标题, 标题 - 站点网站). Reports and the dashboard show titles, and rules compare
them (文件 ⇄ 解读): they need the title alone. Names are peeled only from the two ends of the `<title>`, so
a hyphen or space inside a title (1-10月…, 大检查 确保…) is never cut.

Everything here is pure: strings in, strings out; the one Dom reader (site_name_of) reads two fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from crawler.extract._dom import Dom, compact, squash

# strong separators (_ | -- —— and a spaced or bare hyphen); a run of spaces is a weaker one
_STRONG_SPLIT = re.compile(r"\s*(?:_+|\|+|｜+|--+|——+|—|–|\s-+\s|-)\s*")
_SPACE_SPLIT = re.compile(r"\s+")
_TAGS = re.compile(r"<[^<>]{0,40}>")
# how a site calls its website; stripped from a display name when a body's name is left
_SITE_SUFFIXES = ("政府门户网站", "门户网站", "官方网站", "政府网站", "网站", "官网", "门户网", "门户")
_SITE_LIKE = re.compile(
    r"(?:人民政府|政府|门户|网站|官网|政府网|政务网|政务服务网|信息网|门户网|之窗)$"
    r"|^中国[\u4e00-\u9fff]{2,3}$"  # 中国宜春: the portal brand of a city
)
_BODY = re.compile(
    r"(?:人民政府|政府|行政公署|局|委员会|委|厅|办公室|办公厅|办|部|署|院|中心|会|所|队|处|室)$"
)
_GENERIC = frozenset({"首页", "网站首页", "主页", "欢迎访问", "欢迎您", "正文", "详情", "内容页", "文章"})
# column names end with one of these; a short part with such an end beside a site name is a column
_COLUMN_END = re.compile(
    r"(?:动态|公告|通知|公示|要闻|快讯|关注|传真|新闻|信息|公开|文件|解读|聚焦|资讯|专题|专栏|工作|政策|报道"
    r"|之窗|视点|热点|头条|发布|播报|速递|简报|图片|视频|公报|服务|互动|概况|数据|规划|计划|总结|通报)$"
)
COLUMN_PART_MAX = 8  # a column name between separators is short
SPACED_COLUMN_MAX = 6
SITE_NAME_MAX = 20  # a title this short ending like a portal's name (…人民政府, …门户网站) is one
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")  # 直辖市: their government is of province level
_GOVERNMENT = re.compile(
    r"(自治区|自治州|自治县|自治旗|省|市|州|盟|地区|县|区|旗|乡|镇|街道)(?:人民)?(?:政府|行政公署)$"
)
_DEPARTMENT = re.compile(r"(?:局|委员会|委|办公室|办公厅|办|厅|部|署|管委会|管理委员会)$")
_LEVEL_OF_UNIT = {
    "自治区": "省",
    "省": "省",
    "市": "市",
    "州": "市",
    "自治州": "市",
    "盟": "市",
    "地区": "市",
    "县": "县区",
    "自治县": "县区",
    "区": "县区",
    "旗": "县区",
    "自治旗": "县区",
}


def strip_markup(text: str) -> str:
    """Tags typed into a title by the CMS (`标题 <br>副题`) removed, whitespace squashed."""
    if "<" in text:
        text = _TAGS.sub(" ", text)
    return squash(text)


@lru_cache(maxsize=4096)
def display_name(name: str) -> str:
    """A site name without how it calls its website: 青山市人民政府门户网站 → 青山市人民政府,
    中华人民共和国教育部政府门户网站 → 中华人民共和国教育部, 乌鲁木齐市人民政府网 → 乌鲁木齐市人民政府.
    Kept whole when no body's name is left (中国载人航天官方网站, 济南政府网): the brand is the name."""
    name = compact(name)
    if name.endswith("人民政府网"):
        return name[:-1]
    for suffix in _SITE_SUFFIXES:
        rest = name[: -len(suffix)] if name.endswith(suffix) else ""
        if rest and _BODY.search(rest):
            return rest
    return name


def _name_forms(site_name: str) -> frozenset[str]:
    """The site's name as a `<title>` may spell it: whole, each part (济南政府网_济南市人民政府门户网站), and
    without its website suffix."""
    forms = {compact(site_name)}
    forms.update(compact(p) for p in _STRONG_SPLIT.split(site_name))
    forms.update(display_name(f) for f in list(forms) if f)
    return frozenset(f for f in forms if len(f) >= 2)


def _is_site(part: str, sites: frozenset[str], *, spaced: bool = False) -> bool:
    """A part that names the site: one of its forms, a prefix of one between strong separators (…的通知 -
    乌鲁木齐市, of 乌鲁木齐市人民政府网), or the shape of a portal's name (…人民政府, …门户网站, 中国宜春).
    Between spaces a prefix is not enough: 北京市 may open a headline."""
    if part in sites or part in _GENERIC:
        return True
    if not spaced and any(len(part) >= 3 and site.startswith(part) for site in sites):
        return True
    return len(part) <= 30 and _SITE_LIKE.search(part) is not None


def _is_columns(part: str, columns: tuple[str, ...]) -> bool:
    """A part made only of column names (2007年第23号国务院公报 = 2007年第23号 + 国务院公报)."""
    if part in columns:
        return True
    rest = part
    for name in columns:  # longest first
        if len(name) >= 2 and name in rest:
            rest = rest.replace(name, "")
    return len(rest) < len(part) and not rest.strip("-_|·")


def _peel(
    parts: list[str], sites: frozenset[str], columns: tuple[str, ...], short: int, spaced: bool
) -> list[str]:
    """Drop site and column names from both ends of parts, the last part standing never. A column name goes
    only while a part that is no name remains (工作动态_委员会 keeps 工作动态); a short unknown part is a column
    only right after a site name on its side (站点_栏目_标题)."""
    for end in (0, -1):
        after_site = False
        while len(parts) > 1:
            part = compact(parts[end])
            if _is_site(part, sites, spaced=spaced):
                after_site = True
            elif not (
                (_is_columns(part, columns) or (after_site and _short_column(part, short, spaced)))
                and _titled_rest(parts, end, sites, columns, spaced)
            ):
                break
            parts.pop(end)
    return parts


def _titled_rest(
    parts: list[str], end: int, sites: frozenset[str], columns: tuple[str, ...], spaced: bool
) -> bool:
    """Whether the parts other than parts[end] hold one that names neither the site nor a column, and eight
    characters or more: what is left must still be a title."""
    rest = parts[1:] if end == 0 else parts[:-1]
    return any(
        len(c) >= 8 and not _is_site(c, sites, spaced=spaced) and not _is_columns(c, columns)
        for c in map(compact, rest)
    )


def _short_column(part: str, short: int, spaced: bool) -> bool:
    """A short Han-only part: a column name beside a site name. Between spaces only a name with a column's
    ending counts (召开, 举行 end headlines)."""
    if not 2 <= len(part) <= short or not all("\u4e00" <= c <= "\u9fff" for c in part):
        return False
    return not spaced or _COLUMN_END.search(part) is not None


def clean_title(raw: str, *, site_name: str = "", column_names: Iterable[str] = ()) -> str:
    """The title without the site's and the column's names at its ends; '' for an empty title.

    Strong separators (_ | -- —— -) are peeled first, then spaces inside the outer parts (站点 栏目 标题).
    When every part is a name (a homepage's 青山市人民政府门户网站, a list's 工作动态_青山市人民政府) the
    innermost one stays: for a list page that is its column's name."""
    text = strip_markup(raw)
    if not text:
        return ""
    sites = _name_forms(site_name) if site_name else frozenset()
    columns = tuple(
        sorted({compact(c) for c in column_names if c and compact(c) not in sites}, key=len, reverse=True)
    )
    parts = [p for p in _STRONG_SPLIT.split(text) if p.strip()]
    if not parts:
        return text
    parts = _peel(parts, sites, columns, COLUMN_PART_MAX, spaced=False)
    words = [w for w in _SPACE_SPLIT.split(parts[0]) if w]
    if len(parts) == 1 and len(words) > 1:
        parts = [" ".join(_peel(words, sites, columns, SPACED_COLUMN_MAX, spaced=True))]
    return _rejoin(text, parts)


def _rejoin(text: str, parts: list[str]) -> str:
    """The span of the original text from the first kept part to the last: inner separators stay as typed."""
    start = text.find(parts[0])
    end = text.rfind(parts[-1])
    if start < 0 or end < 0 or end + len(parts[-1]) <= start:
        return squash(" ".join(parts))
    return squash(text[start : end + len(parts[-1])])


def is_name(text: str, *, site_name: str = "", column_names: Iterable[str] = ()) -> bool:
    """True when text is only the site's or a column's name, not a title (a `<title>` of 工作动态_委员会)."""
    part = compact(strip_markup(text))
    if not part:
        return True
    sites = _name_forms(site_name) if site_name else frozenset()
    columns = tuple(sorted({compact(c) for c in column_names if c}, key=len, reverse=True))
    if part in sites or part in _GENERIC or (bool(columns) and _is_columns(part, columns)):
        return True
    return len(part) <= SITE_NAME_MAX and _SITE_LIKE.search(part) is not None  # 青山市人民政府门户网站


def document_title(
    *, meta_title: str, heading: str, raw_title: str, site_name: str = "", column_names: Iterable[str] = ()
) -> str:
    """A document's title: its ArticleTitle meta, else the `<title>` cleaned when the heading is (a line of)
    it, else the heading; the cleaned `<title>` when there is no heading.

    Why the heading can overrule the `<title>`: a `<title>` that names only the site or a column (工作动态_…,
    北京市西城区人民政府) is no title; and a heading split over lines (<br>) is only one line of the title."""
    columns = tuple(column_names)
    meta = clean_title(meta_title, site_name=site_name, column_names=columns) if meta_title else ""
    if meta and not is_name(meta, site_name=site_name, column_names=columns):
        return meta
    cleaned = clean_title(raw_title, site_name=site_name, column_names=columns)
    usable = "" if is_name(cleaned, site_name=site_name, column_names=columns) else cleaned
    head = compact(heading)
    if not head:
        return usable or cleaned
    if usable and head in compact(usable):
        return usable
    part = next(
        (
            p
            for p in _STRONG_SPLIT.split(strip_markup(raw_title))
            if len(compact(p)) > len(head) and head in compact(p)
        ),
        "",
    )
    if part and not is_name(part, site_name=site_name, column_names=columns):
        return squash(part)
    return squash(heading)


def site_name_of(dom: Dom) -> str:
    """The site's display name: from its SiteName meta (the part naming a body: 济南政府网_济南市人民政府门户网站
    → 济南市人民政府), else from the site part of its `<title>` (a homepage's whole `<title>`); '' when
    neither names a site. A SiteName that names no body or portal (信息公开专栏: a column) is passed over."""
    meta = [p for p in _STRONG_SPLIT.split(strip_markup(dom.meta("SiteName"))) if p.strip()]
    if any(_names_a_site(compact(p)) for p in meta):
        return _best_site_part(meta)
    parts = [p for p in _STRONG_SPLIT.split(strip_markup(dom.html_title)) if p.strip()]
    sited = [p for p in dict.fromkeys((parts[-1], parts[0])) if _names_a_site(compact(p))] if parts else []
    return display_name(sited[0]) if sited else ""


def _names_a_site(part: str) -> bool:
    """A short name of a body or a portal (青山市人民政府, 北京市教育委员会门户网站, 中国宜春)."""
    return 2 <= len(part) <= 30 and (_SITE_LIKE.search(part) is not None or _BODY.search(part) is not None)


def _best_site_part(parts: list[str]) -> str:
    """Of the parts of a site name, the display name that names a body (人民政府, 局, 委员会…), else the first."""
    names = [display_name(p) for p in parts]
    return next((n for n in names if _BODY.search(n)), names[0] if names else "")


@lru_cache(maxsize=4096)
def level_of(name: str) -> str | None:
    """The level a body's name states: 省 (省/自治区人民政府, and 北京/天津/上海/重庆市人民政府), 市 (市/州/盟
    人民政府, 地区行政公署), 县区 (县/区/旗人民政府), 部门 (局/委/办/厅/部…), or None when the name does not
    say (中国宜春, 济南政府网, 乡镇, the State Council)."""
    body = display_name(name)
    if not body:
        return None
    if _DEPARTMENT.search(body):
        return "部门"
    match = _GOVERNMENT.search(body)
    if not match:
        return None
    unit = match.group(1)
    if unit == "市" and body[: match.start()] + "市" in MUNICIPALITIES:
        return "省"
    return _LEVEL_OF_UNIT.get(unit)


__all__ = [
    "clean_title",
    "display_name",
    "document_title",
    "is_name",
    "level_of",
    "site_name_of",
    "strip_markup",
]
