"""The column (栏目) catalogue every generated site draws from: class keys, name and slug variants, groups."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ColumnKind:
    """One column class. key is the class id the manifest and later checks use."""

    key: str
    names: tuple[str, ...]  # display-name variants, as real sites differ
    slugs: tuple[str, ...]  # pinyin-initial path slugs, variant i goes with names[i % len]
    group: str  # xwzx (新闻中心) | xxgk (信息公开 top level) | fdzdgknr (法定主动公开内容)
    kind: str  # how items are made: news notice doc interp budget fiscal plain qzqd annual rule guide


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
)
COLUMN_KEYS = tuple(c.key for c in CATALOGUE)
LIST_COLUMN_KEYS = tuple(c.key for c in CATALOGUE if c.kind != "guide")
GROUP_NAMES = {"xwzx": "新闻中心", "xxgk": "政府信息公开", "fdzdgknr": "法定主动公开内容"}
# share of the article budget each randomly filled column gets; zcjd follows the documents
WEIGHTS = {
    "gzdt": 0.30,
    "tzgg": 0.14,
    "zcwj": 0.12,
    "gfxwj": 0.08,
    "rsxx": 0.05,
    "ghjh": 0.03,
    "tjxx": 0.04,
    "jyta": 0.04,
}
# newest item is this many days (min, max) before as_of
NEWEST_AGE = {
    "gzdt": (0, 2),
    "tzgg": (0, 10),
    "zcwj": (1, 25),
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
        return self.kind != "guide"


def site_columns(variant: int) -> tuple[Column, ...]:
    """The site's columns; variant (from the site's hash) picks name and slug variants."""
    result = []
    for number, c in enumerate(CATALOGUE):
        i = (variant + number) % len(c.names)
        result.append(Column(c.key, number, c.names[i], c.slugs[i % len(c.slugs)], c.group, c.kind))
    return tuple(result)
