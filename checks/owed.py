"""Which documents owe a 解读: the site's own policy documents, and no others.

A 解读 is owed for 规范性文件 and the policy documents the site's organisation (or one of its units) issued.
Not owed, each with its reason: reposted 法律/法规 (中华人民共和国…法, 主席令, …条例), other bodies' documents
(a 文号 or 发布机构 of another body: 闽政发 on a 青山 site, the province's 通知 on a county bureau's), and the
organisation's papers that are not policy (工作要点, 学习计划, 工作总结, 活动方案; a 通知 that sets no rule).
A document whose issuer cannot be told (no 发布机构, 文号 or issuer in its title, or a site whose own
issuers are unknown) is excluded from the 解读 judgement and counted apart in the ratio finding.

The site's own issuers are data (`Issuers`): the organisation's names and its 文号 机关代字, read from the
site (facts["sponsor"]: the footer's 主办单位; facts["site_name"]; the configured site name) and from
config (facts["issuers"], facts["doc_prefixes"], put there when the view is built), plus the 代字 its own
documents carry. A government (青山市人民政府) owns its place's bodies (青山市人民政府办公室, 青山市教育局),
not the lower governments under it (青山市某某区人民政府) nor the province above; a department
(青山市人力资源和社会保障局) owns itself and its units (…就业服务中心, 政策法规科), not its government.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from storage.views import DocumentView, SiteView

NORMATIVE = "规范性文件"  # policy by definition
_LAW_TITLE = re.compile(
    r"^《?(?:中华人民共和国)?[\u4e00-\u9fff、（）]{2,40}(?:(?<![办方])法|条例)》?(?:[（(]\S*(?:修正|修订)\S*[）)])?$"
)
_LAW_ISSUER = re.compile(r"人民代表大会|人大常委会|主席令|国务院令|政府令")
_WORK_PAPER = re.compile(r"工作要点|学习计划|工作总结|活动方案|工作计划|述职|总结")
_POLICY = re.compile(r"办法|规定|意见|细则|措施|规则|决定|条例|方案|规划|计划|预案|政策|标准|若干|指引|准则")
# 机关代字 of a 文号: 青政办发〔2024〕3号 → 青政, 青人社规〔2024〕1号 → 青人社
_DOC_NO = re.compile(
    r"^\s*([\u4e00-\u9fff]{1,12}?)(?:办发|办函|发|函|字|规|令|通|电|呈|报|文)?\s*[〔［\[（(【]\s*\d{4}"
)
# a 规范性文件's own numbering (青政规〔2026〕1号); 自然资规 is the 代字 of a 自然资源和规划 body, not that
_NORMATIVE_NO = re.compile(r"^[\u4e00-\u9fff]{1,12}(?<!自然资)规\s*[〔［\[（(【]")
_GOVERNMENT_CODE = re.compile(r"^[\u4e00-\u9fff]{1,3}政(?:办)?$")  # 青政, 鲁政办: a government's 代字
_BODY = re.compile(
    r"(?:人民政府|政府|行政公署|管理委员会|管委会|委员会|办公室|办公厅|局|委|厅|办|部|署|院|中心|科|股|处|室|站|所|队)$"
)
_GOVERNMENT = re.compile(
    r"^(.{2,}?(?:省|自治区|市|自治州|州|盟|地区|县|自治县|区|旗))(?:人民政府|政府|行政公署)(?:办公室|办公厅)?$"
)
_PLACE_END = re.compile(r"(?:省|自治区|市|自治州|州|盟|地区|县|自治县|区|旗)")
_LOWER_GOVERNMENT = re.compile(r"(?:省|市|州|县|区|旗|乡|镇|街道)(?:人民政府|行政公署|办事处)")
_SHORT_FORM = re.compile(r"^(?:省|市(?!场)|县|区|州|旗)")  # 市政府办公室, 县人社局: the place left out
_SUBUNIT = re.compile(r"^[^省市县区州旗]{1,12}(?:科|股|处|室|中心|站|所|队|组)$")  # 政策法规科, 办公室
_NATIONAL = re.compile(r"^(?:国家|国务院|中共中央|中央|全国|中华人民共和国)")
_SPLIT = re.compile(r"[\s、，,/；;|]+")
_TITLE_ISSUER = re.compile(r"^(.{2,40}?)关于")

UNKNOWN_ISSUER = "unknown_issuer"
REASONS_ZH = {
    "law": "转载的法律法规，非本机关制发，无需本机关解读",
    "other_issuer": "其他机关制发的文件（发文机关或文号所属机关非本单位），无需本机关解读",
    "not_policy": "非政策性文件（工作要点、计划、总结或事务性通知），无需解读",
    "unknown_issuer": "无法确定发文机关（页面未显示发布机构、文号，或本网站主办单位未知），未纳入解读核验",
}


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def doc_code(doc_no: str) -> str | None:
    """The 机关代字 of a 文号 (青政办发〔2024〕3号 → 青政), or None when the 文号 has no year bracket."""
    m = _DOC_NO.match(doc_no)
    return m.group(1) if m else None


@dataclass(frozen=True, slots=True)
class Issuers:
    """The site's own issuers: body names (the organisation, compacted) and 文号 机关代字 prefixes."""

    names: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()

    @property
    def places(self) -> tuple[str, ...]:
        """The places of the governments among the names (青山市人民政府办公室 → 青山市)."""
        return tuple(dict.fromkeys(m.group(1) for n in self.names if (m := _GOVERNMENT.match(n))))

    @property
    def government(self) -> bool:
        return bool(self.places)

    def body(self, name: str) -> bool | None:
        """Whether a body is the organisation or one of its units (None: the own names are unknown)."""
        if not self.names:
            return None
        name = compact(name)
        if any(name == n or name.startswith(n) for n in self.names):
            return True
        for place in self.places:
            if name.startswith(place) and not _LOWER_GOVERNMENT.search(name[len(place) :]):
                return True
        if _SHORT_FORM.match(name):
            return self._short_form(name)
        if _SUBUNIT.match(name):
            return True
        # 教育局 on a government's site: a unit named without its place (not 国家…, 国务院…)
        return (
            self.government and not _NATIONAL.match(name) and not _PLACE_END.search(name.replace("市场", ""))
        )

    def _short_form(self, name: str) -> bool:
        """市政府办公室 on a 青山市 government's site, 市人力资源和社会保障局 on that 局's own site."""
        level, rest = name[0], name[1:]
        if any(place.endswith(level) for place in self.places):
            return not _LOWER_GOVERNMENT.search(rest) and not rest.startswith(("委", "人大", "政协"))
        cores = (n[m.end() :] for n in self.names for m in _PLACE_END.finditer(n) if m.group(0) == level)
        return any(core and rest.startswith(core) for core in cores)

    def code(self, code: str) -> bool | None:
        """Whether a 机关代字 is the organisation's (None: no own 代字 known)."""
        if not self.prefixes:
            return None
        return any(code.startswith(p) for p in self.prefixes)


def own_issuers(view: SiteView) -> Issuers:
    """The site's own issuers, from config and the site's facts, and the 代字 of its own documents."""
    facts: Mapping[str, Any] = view.facts
    configured = _strings(facts.get("issuers"))
    read = [str(facts.get(k) or "") for k in ("sponsor", "site_name")] + [view.site]
    names = tuple(dict.fromkeys(compact(n) for n in (*configured, *read) if _is_body(compact(n))))
    named = Issuers(names=names)
    codes = [
        code
        for d in view.documents
        if (code := doc_code(d.doc_no)) and any(named.body(b) for b in _bodies(d))
    ]
    # the place's abbreviation most own documents' 代字 start with: a 发布机构 cell that is the CMS's default
    # on a reposted 鲁政发 does not make 鲁 the site's
    firsts = Counter(c[0] for c in codes).most_common(1)
    learned: list[str] = []
    if named.government:  # a government's units share it (青政, 青人社, 青发改 → 青)
        learned = [firsts[0][0]] if firsts else []
    elif names:  # a department: its own 代字, not its government's (青政发 on a 青人社 site)
        learned = [c for c in dict.fromkeys(codes) if c[0] == firsts[0][0] and not _GOVERNMENT_CODE.match(c)]
    else:
        learned = [p] if (p := own_prefix(view.documents)) else []
    prefixes = tuple(dict.fromkeys((*_strings(facts.get("doc_prefixes")), *learned)))
    return Issuers(names=names, prefixes=prefixes)


def own_prefix(documents: Iterable[DocumentView]) -> str | None:
    """The first character most of the site's 文号 share, or None when fewer than three 文号 are known:
    the own 代字 when nothing names the organisation."""
    firsts = Counter(code[0] for d in documents if (code := doc_code(d.doc_no)))
    if sum(firsts.values()) < 3:
        return None
    first, count = firsts.most_common(1)[0]
    return first if count * 2 > sum(firsts.values()) else None


def issuer_of(doc: DocumentView, own: Issuers) -> str:
    """Whose document it is, "own", "other" or "unknown": the 文号's 代字 where own 代字 are known, else the issuer its title or
    发布机构 names. A title's issuer (青山市人民政府关于…) and the 文号 speak for the document itself; a
    发布机构 cell is often the CMS's default (the site's own office) even on a reposted document."""
    code = doc_code(doc.doc_no)
    by_code = own.code(code) if code else None
    if by_code is True:
        return "own"
    title_issuer = _title_bodies(doc.title)
    verdicts = [own.body(b) for b in title_issuer]
    if by_code is False and True not in verdicts:
        return "other"
    if not title_issuer:
        verdicts = [own.body(b) for b in _split(doc.field_value("发布机构"))]
    if True in verdicts:
        return "own"
    return "other" if False in verdicts else "unknown"


def not_owed(doc: DocumentView, own: Issuers) -> str | None:
    """Why the document owes no 解读 (a REASONS_ZH key), or None when it owes one."""
    issuer = f"{doc.field_value('发布机构')} {doc.doc_no}"
    title = doc.title.strip()
    if (_LAW_TITLE.match(title) and "关于" not in title) or _LAW_ISSUER.search(issuer):
        return "law"
    whose = issuer_of(doc, own)
    if whose == "other":
        return "other_issuer"
    if not _policy(doc):
        return "not_policy"
    return UNKNOWN_ISSUER if whose == "unknown" else None


def _policy(doc: DocumentView) -> bool:
    subject = doc.title.split("关于", 1)[-1]  # not the issuer's name (自然资源和规划局 holds 规划)
    if _WORK_PAPER.search(subject):
        return False
    if doc.kind == NORMATIVE or _NORMATIVE_NO.match(doc.doc_no):
        return True
    return _POLICY.search(subject) is not None


def _is_body(name: str) -> bool:
    return 2 <= len(name) <= 40 and _BODY.search(name) is not None


def _split(text: str) -> list[str]:
    return [b for b in _SPLIT.split(text.strip()) if _is_body(compact(b))]


def _title_bodies(title: str) -> list[str]:
    m = _TITLE_ISSUER.match(title.strip())
    return _split(m.group(1)) if m else []


def _bodies(doc: DocumentView) -> list[str]:
    return _title_bodies(doc.title) or _split(doc.field_value("发布机构"))


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(str(v) for v in value or () if v)
