"""Which documents owe a 解读: the site's own policy documents, and no others.

A 解读 is owed for 规范性文件 and the policy documents the site's organisation (or one of its units) issued.
Not owed, each with its reason: reposted 法律/法规 (中华人民共和国…法, 主席令), other bodies' documents (a 文号
whose issuing body is not the site's: 闽政发 on a 青山 site), and the organisation's papers that are not
policy (工作要点, 学习计划, 工作总结, 活动方案; a 通知 that sets no rule). The site's own 文号 prefix is data,
read from its documents: the first character most of their 文号 share (青政发, 青民, 青发改 → 青).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from storage.views import DocumentView

NORMATIVE = "规范性文件"  # policy by definition
_LAW = re.compile(r"^(?:《)?中华人民共和国\S{0,30}(?:法|条例)(?:》)?(?:（\S*修正\S*）)?$")
_LAW_ISSUER = re.compile(r"全国人民代表大会|主席令|国务院令")
_WORK_PAPER = re.compile(r"工作要点|学习计划|工作总结|活动方案|工作计划|述职")
_POLICY = re.compile(r"办法|规定|意见|细则|措施|规则|决定|条例|方案|规划|计划|预案|政策|标准|若干|指引|准则")
_DOC_NO = re.compile(r"^\s*([\u4e00-\u9fff])[\u4e00-\u9fff]*\s*[〔［\[（(]\s*\d{4}")

REASONS_ZH = {
    "law": "转载的法律法规，非本机关制发，无需本机关解读",
    "other_issuer": "其他机关制发的文件（文号所属机关非本单位），无需本机关解读",
    "not_policy": "非政策性文件（工作要点、计划、总结或事务性通知），无需解读",
}


def own_prefix(documents: Iterable[DocumentView]) -> str | None:
    """The first character most of the site's 文号 share, or None when fewer than three 文号 are known."""
    firsts = Counter(m.group(1) for d in documents if (m := _DOC_NO.match(d.doc_no)))
    if sum(firsts.values()) < 3:
        return None
    first, count = firsts.most_common(1)[0]
    return first if count * 2 > sum(firsts.values()) else None


def not_owed(doc: DocumentView, prefix: str | None) -> str | None:
    """Why the document owes no 解读 (a REASONS_ZH key), or None when it owes one."""
    issuer = f"{doc.field_value('发布机构')} {doc.doc_no}"
    if _LAW.match(doc.title.strip()) or _LAW_ISSUER.search(issuer):
        return "law"
    number = _DOC_NO.match(doc.doc_no)
    if prefix and number and number.group(1) != prefix:
        return "other_issuer"
    if doc.kind == NORMATIVE:
        return None
    subject = doc.title.split("关于", 1)[-1]  # not the issuer's name (自然资源和规划局 holds 规划)
    if _WORK_PAPER.search(subject) or not _POLICY.search(subject):
        return "not_policy"
    return None
