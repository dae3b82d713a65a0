"""The content of one generated site: columns, their dated items, document fields and 文件⇄解读 pairs.

Everything is a pure function of (seed, site spec, as_of). Column date lists are built on first use, item
titles and fields per item, so a 10,000-page site costs nothing until asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from testportal import vocab
from testportal.columns import (
    FLOOR,
    NEWEST_AGE,
    SPAN_DAYS,
    STALE_EXTRA_DAYS,
    UNDATED_KEYS,
    WEIGHTS,
    Column,
    site_columns,
)
from testportal.fixed import Entry, fixed_items
from testportal.rand import h, pick, rng
from testportal.spec import PortalSpec, SiteSpec

AID_BASE = 100_000
AID_STRIDE = 20_000
PER_PAGE = {"static": 15, "ajax": 15, "legacy_gbk": 20}
DOC_KEYS = ("zcwj", "gfxwj")
# Hanweb's 政策文件 list is longer than one datastore group (perPage 15 x groupSize 3), so 政策解读 is too
AJAX_DOC_FLOOR = 52


@dataclass(frozen=True, slots=True)
class Item:
    """One article of a column. index 0 is the newest; aid is unique in the site and encodes (column, index)."""

    column: str
    index: int
    aid: int
    title: str
    date: date
    time: str  # HH:MM
    pinned: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class DocInfo:
    """The 信息公开 fields a document page shows."""

    index_number: str  # 索引号
    issuer: str  # 发文机关
    doc_number: str | None  # 文号; None when the defect removed it
    written: date  # 成文日期
    validity: str  # 有效性
    topic: str  # 主题分类


@dataclass(frozen=True, slots=True)
class PaperInfo:
    """What a 政策法规 or 部门文件 page says of its paper: none of them is owed a 解读."""

    doc_type: (
        str  # law (法律) | superior (上级文件) | work_paper (工作要点, 学习计划) | dept_notice (部门通知)
    )
    issuer: str  # 发布机构
    doc_number: str | None  # 文号 (主席令第…号, 浙政发〔2025〕3号…)


@dataclass(frozen=True, slots=True)
class InterpLink:
    """A document and its 解读: the interpretation item, whether it is late, whether the document links it."""

    doc: Item
    interp: Item | None
    status: str  # ok | late | missing
    doc_links_interp: bool


def prev_workday(d: date) -> date:
    return d - timedelta(days=max(0, d.weekday() - 4))


def next_workday(d: date) -> date:
    return d + timedelta(days=(7 - d.weekday()) % 7 if d.weekday() > 4 else 0)


class SiteContent:
    """All content of one site. Cheap to construct; columns fill on first use."""

    def __init__(self, portal: PortalSpec, site: SiteSpec) -> None:
        self.portal, self.spec, self.as_of = portal, site, portal.as_of
        self.key = (portal.seed, site.name)
        city, pinyin = pick(vocab.CITIES, *self.key, "city")
        suffix = "县" if site.style == "legacy_gbk" else "市"
        self.title = site.title or f"{city}{suffix}人民政府"
        self.city = self.title[:2]
        self.suffix = self.title[2] if len(self.title) > 2 and self.title[2] in "市县区" else suffix
        self.place = f"{self.city}{self.suffix}"
        self.domain = site.domain or f"www.{pinyin}.gov.cn"
        self.province, self.province_abbr = pick(vocab.PROVINCES, *self.key, "province")
        self.site_code = f"{3 + h(*self.key, 'code') % 6}{h(*self.key, 'code2') % 10**9:09d}"
        self.org_code = f"11{h(*self.key, 'org') % 10**6:06d}MB{h(*self.key, 'org2') % 10**8:08d}"
        self.columns: tuple[Column, ...] = site_columns(h(*self.key, "variant") % 12)
        self.per_page = PER_PAGE[site.style]
        self._dates: dict[str, list[date]] = {}

    @property
    def guide_updated(self) -> date:
        """The update date the 政府信息公开指南 shows."""
        return self.as_of - timedelta(days=60 + h(*self.key, "guide") % 200)

    def col(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    # sizes ------------------------------------------------------------------------------------------

    @cached_property
    def _fixed_entries(self) -> tuple[dict[str, list[Entry]], list[tuple[str, Entry]]]:
        years = 2 if self.spec.pages < 300 else 3  # two years at least: rules look back 12 months
        return fixed_items(self, years)

    @property
    def withheld(self) -> list[tuple[str, Entry]]:
        """Rule-based items a defect kept from publication: (column key, (title, date, extra))."""
        return self._fixed_entries[1]

    @cached_property
    def _fixed(self) -> dict[str, list[Item]]:
        result = {}
        for key, entries in self._fixed_entries[0].items():
            col = self.col(key)
            entries = [] if self.spec.defects.blank_column == key else entries
            entries.sort(key=lambda e: (e[1], e[0]), reverse=True)
            result[key] = [self._make(col, i, title, d, extra) for i, (title, d, extra) in enumerate(entries)]
        return result

    @cached_property
    def _sizes(self) -> dict[str, int]:
        """Item counts of every column but 政策解读, whose count follows the documents."""
        fixed = sum(len(v) for v in self._fixed.values())
        budget = max(0, self.spec.pages - fixed - 30) * self.per_page / (self.per_page + 1)
        sizes: dict[str, int] = {"xxgkzn": 0}
        for key, weight in WEIGHTS.items():
            floor = FLOOR.get(key, 1)  # no column is blank unless a defect plants it
            if key == "zcwj" and self.spec.style == "ajax":
                floor = AJAX_DOC_FLOOR
            sizes[key] = min(AID_STRIDE - 1, max(floor, round(budget * weight)))
        if self.spec.defects.blank_column in sizes:
            sizes[self.spec.defects.blank_column] = 0
        sizes.update({k: len(v) for k, v in self._fixed.items()})
        return sizes

    @cached_property
    def counts(self) -> dict[str, int]:
        return {**self._sizes, "zcjd": len(self._interp_items)}

    # items ------------------------------------------------------------------------------------------

    def item(self, key: str, index: int) -> Item:
        if key in self._fixed:
            return self._fixed[key][index]
        if key == "zcjd":
            return self._interp_items[index]
        col = self.col(key)
        return self._make(col, index, self._title(col, index), self._column_dates(key)[index], {})

    def items(self, key: str) -> list[Item]:
        return [self.item(key, i) for i in range(self.counts[key])]

    def item_by_aid(self, aid: int) -> Item | None:
        number, index = divmod(aid - AID_BASE, AID_STRIDE)
        if aid < AID_BASE or not 0 <= number < len(self.columns):
            return None
        key = self.columns[number].key
        return self.item(key, index) if index < self.counts[key] else None

    def listing(self, key: str) -> list[int]:
        """Item indexes in display order: pinned (置顶) items first, then newest to oldest."""
        pinned = self.pinned(key)
        return pinned + [i for i in range(self.counts[key]) if i not in pinned]

    def pinned(self, key: str) -> list[int]:
        if key != "tzgg" or self._sizes["tzgg"] < 5:
            return []
        n = self._sizes["tzgg"]
        return [n // 3] if n < 20 else [n // 3, n // 2]

    def undated(self, key: str) -> bool:
        """The column's list rows show no date (its articles still do)."""
        return key in UNDATED_KEYS

    def newest_rows(self, key: str, n: int = 5) -> list[Item]:
        """The column's n newest items, pins aside: what a side block (热点信息, 最新动态) shows of it."""
        return [self.item(key, i) for i in range(min(n, self.counts[key]))]

    def page_count(self, key: str) -> int:
        return max(1, -(-self.counts[key] // self.per_page))

    def page_items(self, key: str, page: int) -> list[Item]:
        order = self.listing(key)[page * self.per_page : (page + 1) * self.per_page]
        return [self.item(key, i) for i in order]

    def _make(self, col: Column, index: int, title: str, d: date, extra: dict[str, Any]) -> Item:
        aid = AID_BASE + col.number * AID_STRIDE + index
        t = h(*self.key, "time", aid)
        return Item(
            col.key,
            index,
            aid,
            title,
            d,
            f"{8 + t % 10:02d}:{t // 10 % 60:02d}",
            index in self.pinned(col.key),
            extra,
        )

    def _column_dates(self, key: str) -> list[date]:
        if key not in self._dates:
            n = self._sizes[key]
            r = rng(*self.key, "dates", key)
            low, high = NEWEST_AGE[key]
            age = r.randint(low, high) + (STALE_EXTRA_DAYS if self.spec.defects.stale_column == key else 0)
            mean = SPAN_DAYS / max(n, 1)
            current, dates = self.as_of - timedelta(days=age), []
            for _ in range(n):
                dates.append(prev_workday(current) if key in DOC_KEYS else current)
                current -= timedelta(days=min(round(r.expovariate(1 / mean)), round(3 * mean)))
            self._dates[key] = dates
        return self._dates[key]

    # titles and fields ------------------------------------------------------------------------------

    def _title(self, col: Column, index: int) -> str:
        d = self._column_dates(col.key)[index]
        s = (*self.key, col.key, index)
        year = d.year
        if col.kind == "doc":
            issuer, _ = self._issuer(col.key, index)
            return f"{issuer}关于印发《{self.policy(col.key, index)}》的通知"
        if col.key == "zwyw":
            form = vocab.HEADLINE_FORMS[(index + h(*self.key, "hl")) % len(vocab.HEADLINE_FORMS)]
            return form.format(u=self.suffix, t=pick(vocab.TOPICS, *s), k=60 - index % 60)
        if col.key == "xzdt":
            form = vocab.TOWN_FORMS[index % len(vocab.TOWN_FORMS)]
            return form.format(w=pick(vocab.TOWNS, *s, "w"), t=pick(vocab.TOPICS, *s))
        if col.kind == "news":
            spin = index + h(*self.key, "news")
            subject = vocab.NEWS_SUBJECTS[spin % len(vocab.NEWS_SUBJECTS)].replace("市", self.suffix)
            action = vocab.NEWS_ACTIONS[spin // len(vocab.NEWS_SUBJECTS) % len(vocab.NEWS_ACTIONS)]
            return subject + action.format(t=pick(vocab.TOPICS, *s))
        if col.kind == "notice":
            form = vocab.NOTICE_FORMS[index % len(vocab.NOTICE_FORMS)]
            return form.format(y=year, t=pick(vocab.TOPICS, *s), p=self.place + pick(vocab.POLICIES, *s))
        if col.kind == "personnel":
            name = pick(vocab.SURNAMES, *s, "s") + pick(vocab.GIVEN, *s, "g") + pick(vocab.GIVEN, *s, "g2")
            return pick(vocab.PERSONNEL_FORMS, *s).format(n=name, y=year, k=1 + index % 3)
        if col.kind == "plan":
            return pick(vocab.PLAN_FORMS, *s).format(
                c=self.place, y=year, y2=year + 2, t=pick(vocab.TOPICS, *s)
            )
        if col.kind in ("law", "deptdoc"):
            return self.paper(col.key, index, d)[0]
        if col.kind == "stats":
            return pick(vocab.STATS_FORMS, *s).format(y=year, m=max(1, d.month - 1))
        return pick(vocab.PROPOSAL_FORMS, *s).format(
            r=16 + (year - 2022) // 5, k=(year - 2022) % 5 + 1, x=1 + index % 300, c=self.place
        )

    def paper(self, key: str, index: int, d: date) -> tuple[str, PaperInfo]:
        """Title and paper facts of a 政策法规 (law) or 部门文件 (deptdoc) item."""
        s = (*self.key, key, index)
        n = 1 + h(*s, "n") % 60
        if self.col(key).kind == "deptdoc":
            issuer, prefix = vocab.ISSUERS[2 + h(*s, "dept") % (len(vocab.ISSUERS) - 2)]
            dept = self.place + issuer
            title = vocab.DEPT_NOTICE_FORMS[index % len(vocab.DEPT_NOTICE_FORMS)].format(
                d=dept, y=d.year, t=pick(vocab.TOPICS, *s)
            )
            return title, PaperInfo("dept_notice", dept, f"{self.city[0]}{prefix}〔{d.year}〕{n}号")
        turn, kind = divmod(index, 3)
        if kind == 0:  # a law of the land, reposted
            name, order = vocab.LAWS[(turn + h(*self.key, "law")) % len(vocab.LAWS)]
            cycle = turn // len(vocab.LAWS)
            title = name if cycle == 0 else f"{name}（{d.year - cycle}年修正）"
            return title, PaperInfo("law", vocab.NPC_STANDING, f"中华人民共和国主席令{order}")
        if kind == 1:  # the province's document, reposted
            form, issuer, prefix = vocab.SUPERIOR_FORMS[turn % len(vocab.SUPERIOR_FORMS)]
            p, a = self.province, self.province_abbr
            title = form.format(p=p, t=pick(vocab.TOPICS, *s), x=pick(vocab.POLICIES, *s))
            return title, PaperInfo("superior", issuer.format(p=p), f"{prefix.format(a=a)}〔{d.year}〕{n}号")
        form = vocab.WORK_PAPER_FORMS[turn % len(vocab.WORK_PAPER_FORMS)]
        title = form.format(c=self.place, y=d.year, t=pick(vocab.TOPICS, *s))
        return title, PaperInfo("work_paper", self.place + "人民政府办公室", None)

    def paper_info(self, item: Item) -> PaperInfo:
        return self.paper(item.column, item.index, item.date)[1]

    def policy(self, key: str, index: int) -> str:
        offset = h(*self.key, "policy") + (0 if key == "zcwj" else 17)
        return self.place + vocab.POLICIES[(index * 7 + offset) % len(vocab.POLICIES)]

    def _issuer(self, key: str, index: int) -> tuple[str, str]:
        pool = vocab.ISSUERS[:2] if key == "zcwj" else vocab.ISSUERS
        name, prefix = pool[(index // len(vocab.POLICIES) + h(*self.key, key, index)) % len(pool)]
        return self.place + name, prefix

    def doc_info(self, item: Item) -> DocInfo:
        issuer, prefix = self._issuer(item.column, item.index)
        s = (*self.key, "doc", item.aid)
        written = prev_workday(item.date - timedelta(days=1 + h(*s, "w") % 12))
        number = (
            None
            if item.aid in self.missing_doc_numbers
            else (f"{self.city[0]}{prefix}〔{written.year}〕{1 + h(*s, 'n') % 80}号")
        )
        old = (self.as_of - item.date).days > 700
        validity = "失效" if old and item.index % 9 == 4 else "有效"
        return DocInfo(
            f"{self.org_code}/{item.date.year}-{h(*s, 'i') % 100000:05d}",
            issuer,
            number,
            written,
            validity,
            pick(vocab.DOC_TOPICS, *s),
        )

    def doc_fields(self, item: Item) -> list[tuple[str, str]]:
        """The (label, value) cells a document page shows, in order."""
        info = self.doc_info(item)
        return [
            ("索引号", info.index_number),
            ("主题分类", info.topic),
            ("发文机关", info.issuer),
            ("成文日期", f"{info.written.year}年{info.written.month:02d}月{info.written.day:02d}日"),
            ("文号", info.doc_number or ""),
            ("发布日期", f"{item.date:%Y-%m-%d}"),
            ("有效性", info.validity),
        ]

    @cached_property
    def missing_doc_numbers(self) -> frozenset[int]:
        k = self.spec.defects.missing_doc_number
        return frozenset(
            AID_BASE + self.col("gfxwj").number * AID_STRIDE + i
            for i in range(1, min(k + 1, self._sizes["gfxwj"]))
        )

    # 文件 ⇄ 解读 --------------------------------------------------------------------------------------

    @cached_property
    def interp_links(self) -> list[InterpLink]:
        """Every document with its 解读 (or none), defects planted on the newest eligible documents."""
        docs = sorted(
            (self.item(k, i) for k in DOC_KEYS for i in range(self._sizes[k])),
            key=lambda d: (d.date, d.aid),
            reverse=True,
        )
        plan = self._interp_defects(docs)
        dated = []
        for doc in docs:
            if plan.get(doc.aid) != "missing":
                lag = 21 if plan.get(doc.aid) == "late" else h(*self.key, "lag", doc.aid) % 3
                dated.append((min(next_workday(doc.date + timedelta(days=lag)), self.as_of), doc.aid))
        dated.sort(reverse=True)
        interp_col = self.col("zcjd")
        by_doc = {aid: (index, when) for index, (when, aid) in enumerate(dated)}
        links = []
        for doc in docs:
            status = plan.get(doc.aid, "ok")
            if doc.aid not in by_doc:
                links.append(InterpLink(doc, None, "missing", False))
                continue
            index, when = by_doc[doc.aid]
            form = vocab.INTERP_FORMS[h(*self.key, "iform", doc.aid) % len(vocab.INTERP_FORMS)]
            title = form.format(p=self.policy(doc.column, doc.index))
            interp = self._make(interp_col, index, title, when, {"doc_aid": doc.aid})
            links.append(InterpLink(doc, interp, "late" if status == "late" else "ok", status != "unlinked"))
        return links

    def _interp_defects(self, docs: list[Item]) -> dict[int, str]:
        eligible = [d.aid for d in docs if (self.as_of - d.date).days >= 25][1:]
        defects = self.spec.defects
        plan: dict[int, str] = {}
        for status, n in (
            ("missing", defects.missing_interpretation),
            ("late", defects.late_interpretation),
            ("unlinked", defects.unlinked_interpretation),
        ):
            for aid in [a for a in eligible if a not in plan][:n]:
                plan[aid] = status
        return plan

    @cached_property
    def _interp_items(self) -> list[Item]:
        return sorted((x.interp for x in self.interp_links if x.interp), key=lambda i: i.index)

    @cached_property
    def interp_of_doc(self) -> dict[int, InterpLink]:
        return {x.doc.aid: x for x in self.interp_links}

    @cached_property
    def doc_of_interp(self) -> dict[int, InterpLink]:
        return {x.interp.aid: x for x in self.interp_links if x.interp}
