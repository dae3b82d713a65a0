"""The column (栏目) catalogue every generated site draws from: class keys, name and slug variants, groups.

A column's key is its own id in the site; its category is the taxonomy id a right reading files it under
(crawler/extract/taxonomy.toml). Several columns share a category, as on real sites: 政务要闻, 工作动态 and
乡镇动态 are three 动态 (gzdt) columns, 政府预决算 and 部门预决算 two 预决算 (yjs) columns, 政策文件, 政策法规 and
部门文件 three 政策文件 (zcwj) columns. Each is judged on its own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ColumnKind:
    """One column class. key is the class id the manifest and later checks use."""

    key: str
    names: tuple[str, ...]  # display-name variants, as real sites differ
    slugs: tuple[str, ...]  # pinyin-initial path slugs, variant i goes with names[i % len]
    group: str  # xwzx (新闻中心) | xxgk (信息公开 top level) | fdzdgknr (法定主动公开内容)
    kind: str  # how items are made: news notice doc interp budget fiscal plain qzqd annual rule guide law deptdoc
    category: str | None = None  # taxonomy id; the key itself when None


# New columns are appended: a column's position is part of its items' ids and of its URLs.
CATALOGUE: tuple[ColumnKind, ...] = (
    ColumnKind("gzdt", ("工作动态", "政务动态"), ("gzdt", "zwdt"), "xwzx", "news"),
    ColumnKind("tzgg", ("通知公告",), ("tzgg",), "xwzx", "notice"),
    ColumnKind("xxgkzn", ("政府信息公开指南", "公开指南"), ("xxgkzn", "gkzn"), "xxgk", "guide"),
    ColumnKind("gkzd", ("政府信息公开制度", "公开制度"), ("gkzd", "gkzd"), "xxgk", "rule"),
    ColumnKind("zcwj", ("政策文件", "政府文件"), ("zcwj", "zfwj"), "fdzdgknr", "doc"),
    ColumnKind("gfxwj", ("规范性文件",), ("gfxwj",), "fdzdgknr", "doc"),
    ColumnKind("zcjd", ("政策解读",), ("zcjd",), "fdzdgknr", "interp"),
    ColumnKind(
        "yjs",
        ("财政预决算", "预决算公开", "部门预决算", "预算决算"),
        ("czyjs", "yjs", "bmyjs", "ysjs"),
        "fdzdgknr",
        "budget",
    ),
    ColumnKind("czsz", ("财政收支", "财政收支情况"), ("czsz", "czsz"), "fdzdgknr", "fiscal"),
    ColumnKind("rsxx", ("人事信息", "人事任免"), ("rsxx", "rsrm"), "fdzdgknr", "personnel"),
    ColumnKind("ghjh", ("规划计划", "发展规划"), ("ghjh", "fzgh"), "fdzdgknr", "plan"),
    ColumnKind("tjxx", ("统计信息", "统计数据"), ("tjxx", "tjsj"), "fdzdgknr", "stats"),
    ColumnKind("qzqd", ("权责清单", "权责清单公开"), ("qzqd", "qzqd"), "fdzdgknr", "qzqd"),
    ColumnKind("jyta", ("建议提案办理", "建议提案办理结果"), ("jyta", "jytabl"), "fdzdgknr", "proposal"),
    ColumnKind("ndbg", ("政府信息公开年度报告", "年度报告"), ("ndbg", "xxgknb"), "xxgk", "annual"),
    ColumnKind("zwyw", ("政务要闻", "今日要闻"), ("zwyw", "jryw"), "xwzx", "news", "gzdt"),
    ColumnKind(
        "xzdt", ("乡镇动态", "部门动态", "区县动态"), ("xzdt", "bmdt", "qxdt"), "xwzx", "news", "gzdt"
    ),
    ColumnKind("zfyjs", ("政府预决算",), ("zfyjs",), "fdzdgknr", "govbudget", "yjs"),
    ColumnKind("zcfg", ("政策法规",), ("zcfg",), "fdzdgknr", "law", "zcwj"),
    ColumnKind("bmwj", ("部门文件",), ("bmwj",), "fdzdgknr", "deptdoc", "zcwj"),
)
COLUMN_KEYS = tuple(c.key for c in CATALOGUE)
LIST_COLUMN_KEYS = tuple(c.key for c in CATALOGUE if c.kind != "guide")
# the columns the manifest's "columns" mapping has always held (one per class); column_list holds them all
CLASS_KEYS = COLUMN_KEYS[:15]
CATEGORY = {c.key: c.category or c.key for c in CATALOGUE}
GROUP_NAMES = {"xwzx": "新闻中心", "xxgk": "政府信息公开", "fdzdgknr": "法定主动公开内容"}
# the order of the 法定主动公开内容 children in the site's tree; the first is where its channel page leads
FDZDGKNR_ORDER = (
    "zcwj",
    "zcfg",
    "bmwj",
    "gfxwj",
    "zcjd",
    "zfyjs",
    "yjs",
    "czsz",
    "rsxx",
    "ghjh",
    "tjxx",
    "qzqd",
    "jyta",
)
XWZX_ORDER = ("zwyw", "gzdt", "xzdt", "tzgg")  # the 新闻中心 channel's children, as its page shows them
UNDATED_KEYS = ("gkzd",)  # columns whose list rows show no date, in every style
# share of the article budget each randomly filled column gets; zcjd follows the documents
WEIGHTS = {
    "gzdt": 0.18,
    "zwyw": 0.07,
    "xzdt": 0.05,
    "tzgg": 0.12,
    "zcwj": 0.11,
    "zcfg": 0.02,
    "bmwj": 0.03,
    "gfxwj": 0.07,
    "rsxx": 0.05,
    "ghjh": 0.03,
    "tjxx": 0.04,
    "jyta": 0.04,
}
# the fewest items a column has, whatever the site's size (a blank_column defect still empties it)
FLOOR = {"zcfg": 6}
# newest item is this many days (min, max) before as_of
NEWEST_AGE = {
    "gzdt": (0, 2),
    "zwyw": (0, 1),
    "xzdt": (0, 5),
    "tzgg": (0, 10),
    "zcwj": (1, 25),
    "zcfg": (3, 60),
    "bmwj": (1, 30),
    "gfxwj": (3, 40),
    "rsxx": (0, 30),
    "ghjh": (5, 60),
    "tjxx": (5, 25),
    "jyta": (10, 90),
}
STALE_EXTRA_DAYS = 400
SPAN_DAYS = 3 * 365


@dataclass(frozen=True, slots=True)
class Column:
    """A column as one site shows it."""

    key: str
    number: int  # position in CATALOGUE, used in ids
    name: str
    slug: str
    group: str
    kind: str

    @property
    def is_list(self) -> bool:
        return self.kind not in ("guide", "group", "channel")

    @property
    def category(self) -> str | None:
        return CATEGORY.get(self.key)


def site_columns(variant: int) -> tuple[Column, ...]:
    """The site's columns; variant (from the site's hash) picks name and slug variants."""
    result = []
    for number, c in enumerate(CATALOGUE):
        i = (variant + number) % len(c.names)
        result.append(Column(c.key, number, c.names[i], c.slugs[i % len(c.slugs)], c.group, c.kind))
    return tuple(result)
