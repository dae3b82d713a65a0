"""HTML pieces every page style shares: link recording, date formats, meta tags, document fields, bodies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from urllib.parse import urljoin

from testportal import vocab
from testportal.content import Item, SiteContent
from testportal.fixed import QZQD_ELEMENTS
from testportal.rand import h, pick

LINK_LEVEL = {"a": 0, "script": 1, "ajax": 2}
_FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def esc(text: str) -> str:
    return escape(text, quote=True)


@dataclass
class Out:
    """Collects every link a page carries while it is written, so the manifest sees exactly what is served."""

    path: str  # the page's own path (with query), to resolve relative hrefs
    links: list[tuple[str, str]] = field(default_factory=list)  # (absolute path or URL, kind)

    def note(self, href: str, kind: str = "a") -> None:
        if href.startswith(("javascript:", "#", "mailto:")):
            return
        self.links.append((urljoin(self.path, href), kind))

    def a(self, href: str, text: str, kind: str = "a", attrs: str = "") -> str:
        self.note(href, kind)
        return f'<a href="{esc(href)}"{attrs}>{esc(text)}</a>'

    def li(self, href: str, text: str, when: str = "", *, kind: str = "a", pinned: bool = False) -> str:
        mark = '<i class="zd">置顶</i>' if pinned else ""
        link = self.a(href, text, kind, f' target="_blank" title="{esc(text)}"')
        date = f'<span class="date">{esc(when)}</span>' if when else ""  # undated rows show none
        return f"<li>{mark}{link}{date}</li>"


def fmt_date(d: date, form: str) -> str:
    """A date the way one column of one site prints it ("none": an undated row shows no date)."""
    if form == "none":
        return ""
    if form == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if form == "dot":
        return f"{d:%Y.%m.%d}"
    if form == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if form == "cn0":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if form == "md_bracket":
        return f"[{d:%m-%d}]"
    if form == "iso_bracket":
        return f"[{d:%Y-%m-%d}]"
    if form == "fullwidth":
        return f"{d:%Y-%m-%d}".translate(_FULLWIDTH)
    return f"{d:%Y-%m-%d}"


def today_text(as_of: date) -> str:
    return f"今天是：{as_of.year}年{as_of.month}月{as_of.day}日 星期{vocab.WEEKDAYS[as_of.weekday()]}"


def meta_pubdate(site: SiteContent, item: Item) -> str:
    """The PubDate meta tag: usually the visible date, on some pages a later re-publication date."""
    d = item.date
    if item.aid % 11 == 3:
        d = min(site.as_of, d + timedelta(days=1 + item.aid % 40))
    return f"{d:%Y-%m-%d} {item.time}"


def meta_tags(site: SiteContent, column_name: str = "", item: Item | None = None) -> str:
    if not site.spec.meta_tags:
        return ""
    tags = [("SiteName", site.title), ("SiteDomain", site.domain), ("SiteIDCode", site.site_code)]
    if column_name:
        tags += [("ColumnName", column_name), ("ColumnType", "信息公开" if item is None else column_name)]
    if item is not None:
        tags += [
            ("ArticleTitle", item.title),
            ("PubDate", meta_pubdate(site, item)),
            ("ContentSource", source_of(site, item)),
        ]
    return "".join(f'<meta name="{k}" content="{esc(v)}">\n' for k, v in tags)


def source_of(site: SiteContent, item: Item) -> str:
    """来源: the issuer for documents and their 解读, a local office otherwise."""
    if item.column in ("zcwj", "gfxwj"):
        return site.doc_info(item).issuer
    if item.column == "zcjd":
        return site.doc_info(site.doc_of_interp[item.aid].doc).issuer
    return site.place + pick(
        ("人民政府办公室", "融媒体中心", "财政局", "统计局", "发展和改革委员会"), item.aid
    )


def fields_table(site: SiteContent, item: Item, cls: str = "xxgk-table") -> str:
    cells = site.doc_fields(item)
    rows = []
    for i in range(0, len(cells), 2):
        pair = cells[i : i + 2]
        rows.append("<tr>" + "".join(f"<th>{esc(k)}：</th><td>{esc(v)}</td>" for k, v in pair) + "</tr>")
    return f'<table class="{cls}">' + "".join(rows) + "</table>"


def paper_fields(site: SiteContent, item: Item, cls: str = "xxgk-table") -> str:
    """The 发布机构 and 文号 cells of a 政策法规 or 部门文件 page (none for a work paper without 文号)."""
    info = site.paper_info(item)
    cells = [("发布机构", info.issuer)] + ([("文号", info.doc_number)] if info.doc_number else [])
    row = "".join(f"<th>{esc(k)}：</th><td>{esc(v)}</td>" for k, v in cells)
    return f'<table class="{cls}"><tr>{row}</tr></table>'


def body_html(site: SiteContent, item: Item) -> str:
    """The article text: what the column kind needs (fields, tables, 解读 sections), else generic paragraphs.

    Generic paragraphs end with a deadline date after the publication date: a date in the body text that
    is not the page's date.
    """
    special = _KIND_BODIES.get(site.col(item.column).kind)
    if special:
        return special(site, item)
    topic = pick(vocab.TOPICS, *site.key, "body", item.aid)
    deadline = item.date + timedelta(days=20 + item.aid % 40)
    paras = [
        pick(vocab.BODY_OPENINGS, item.aid).format(t=topic, s=site.place + "人民政府", u=site.suffix),
        *(vocab.BODY_MIDDLES[(item.aid + i) % len(vocab.BODY_MIDDLES)] for i in range(2)),
        vocab.BODY_DEADLINE.format(d=f"{deadline.year}年{deadline.month}月{deadline.day}日", u=site.suffix),
    ]
    return "".join(f"<p>{esc(p)}</p>" for p in paras)


def _doc_body(site: SiteContent, item: Item) -> str:
    info = site.doc_info(item)
    policy = site.policy(item.column, item.index)
    w = info.written
    addressees = "各乡（镇）人民政府" if site.suffix == "县" else f"各县（{site.suffix}、区）人民政府"
    form = next(
        (f for f in ("办法", "规定", "细则", "方案", "意见", "措施", "计划") if policy.endswith(f)), "文件"
    )
    return (
        f"<p>{addressees}，{site.suffix}政府各部门：</p>"
        f"<p>现将《{esc(policy)}》印发给你们，请结合实际认真贯彻执行。</p>"
        f'<p style="text-align:right">{esc(info.issuer)}</p>'
        f'<p style="text-align:right">{w.year}年{w.month}月{w.day}日</p><p>（此件公开发布）</p>'
        f"<h2>{esc(policy)}</h2><p>第一条　为了加强和规范有关工作，根据有关法律法规，结合本{site.suffix}实际，"
        f"制定本{form}。</p>"
    )


def _interp_body(site: SiteContent, item: Item) -> str:
    doc = site.doc_of_interp[item.aid].doc
    return (
        "<h3>一、起草背景</h3><p>为贯彻落实上级有关部署要求，结合本地实际，起草了本文件。</p>"
        f"<h3>二、主要内容</h3><p>文件共分为总则、主要任务、保障措施三个部分。</p>"
        f"<h3>三、解读机关</h3><p>解读机关：{esc(site.doc_info(doc).issuer)}</p>"
    )


def _fiscal_body(site: SiteContent, item: Item) -> str:
    r = h(*site.key, "fiscal", item.aid)
    income, spend = 20 + r % 80, 30 + r // 100 % 90
    months = item.extra["months"]
    return (
        f"<p>{esc(item.title[:-6])}，全{site.suffix}一般公共预算收入完成{income}.{r % 10}亿元，同比增长{r % 9}.{r % 7}%；"
        f"一般公共预算支出完成{spend}.{r % 8}亿元。</p>"
        f'<table class="czsz"><tr><th>项目</th><th>本月数</th><th>累计数</th></tr>'
        f"<tr><td>一般公共预算收入</td><td>{income / len(months) / 3:.2f}</td><td>{income}.{r % 10}</td></tr>"
        f"<tr><td>一般公共预算支出</td><td>{spend / len(months) / 3:.2f}</td><td>{spend}.{r % 8}</td></tr></table>"
    )


def _annual_body(site: SiteContent, item: Item) -> str:
    sections = (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    )
    year = item.extra["year"]
    return (
        f"<p>本报告根据《中华人民共和国政府信息公开条例》要求编制，报告中所列数据统计期限自{year}年1月1日起至"
        f"{year}年12月31日止。</p>" + "".join(f"<h3>{s}</h3><p>（略）</p>" for s in sections)
    )


def _qzqd_body(site: SiteContent, item: Item) -> str:
    head = "".join(f"<th>{e}</th>" for e in QZQD_ELEMENTS)
    rows = []
    for i in range(6):
        topic = vocab.TOPICS[(item.aid + i) % len(vocab.TOPICS)]
        kind = ("行政许可", "行政处罚", "行政检查", "行政确认")[i % 4]
        rows.append(
            f"<tr><td>对{topic}领域{kind}事项</td><td>{site.site_code[:6]}-{i + 1:03d}</td><td>{kind}</td>"
            f"<td>《中华人民共和国行政许可法》第{12 + i}条</td><td>{esc(site.title)}</td>"
            f'<td><a href="javascript:void(0)">查看</a></td><td>12345政务服务便民热线</td></tr>'
        )
    return f'<table class="qzqd"><tr>{head}</tr>' + "".join(rows) + "</table>"


def _paper_body(site: SiteContent, item: Item) -> str:
    info = site.paper_info(item)
    if info.doc_type == "law":
        return (
            f"<p>（{esc(info.doc_number or '')}公布）</p><h2>第一章　总则</h2>"
            "<p>第一条　为了规范有关活动，保护公民、法人和其他组织的合法权益，根据宪法，制定本法。</p>"
            "<p>第二条　本法适用于中华人民共和国境内的有关活动。</p>"
        )
    if info.doc_type == "superior":
        return (
            f"<p>{esc(info.doc_number or '')}</p><p>各市、县（市、区）人民政府，省政府直属各单位：</p>"
            "<p>现将有关事项通知如下，请结合实际认真贯彻落实。</p>"
            f'<p style="text-align:right">{esc(info.issuer)}</p>'
        )
    if info.doc_type == "dept_notice":
        return (
            f"<p>{esc(info.doc_number or '')}</p><p>各有关单位：</p>"
            "<p>为扎实做好有关工作，现将具体事项通知如下。</p>"
            f'<p style="text-align:right">{esc(info.issuer)}</p>'
        )
    return (
        f"<p>{esc(item.title)}</p><p>一、总体要求</p><p>坚持以习近平新时代中国特色社会主义思想为指导，"
        "全面落实各项工作任务。</p><p>二、重点任务</p><p>（略）</p>"
    )


_KIND_BODIES = {
    "law": _paper_body,
    "deptdoc": _paper_body,
    "doc": _doc_body,
    "interp": _interp_body,
    "fiscal": _fiscal_body,
    "annual": _annual_body,
    "qzqd": _qzqd_body,
}


def broken_target(site: SiteContent, item: Item, base: str) -> str | None:
    """The attachment link a broken_link defect plants on this article, if any (relative to base)."""
    n = site.spec.defects.broken_link - 1  # the first broken link is on the homepage
    if item.column != "gzdt" or not 0 <= item.index < n:
        return None
    return urljoin(base, f"P0{item.date:%Y%m%d}{item.aid}.pdf")
