"""linkage: a document page links to its interpretation and the interpretation links back (双向关联).

**Rule:** 国办秘函〔2019〕19号 扣分指标 解读关联 ("随机抽查的解读稿未与政策原文做好双向关联");
国办发〔2017〕47号 解读回应. Pairs are found as in interpretation_lag (by link, then by title; a side
block's link never pairs); documents with no interpretation are interpretation_lag's business and not
judged here, and so are documents that owe no 解读 (checks/owed.py: reposted laws, other bodies'
documents, papers that are not policy, documents whose issuer cannot be told).
**Params:** document_kinds.
**Unverifiable when:** the document page or the interpretation page was not fetched, so its links are unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.context import CheckContext
from checks.interpretations import documents_of_kinds, owed_documents
from checks.matching import Pairing
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import SiteView


@dataclass(frozen=True)
class Params:
    document_kinds: tuple[str, ...] = ("规范性文件", "政策文件")  # empty: every document


@check(id="linkage", title="文件与解读双向关联", params=Params)
def linkage(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    pairs = owed_documents(view, documents_of_kinds(view, p.document_kinds)).pairs(view.interpretations)
    if not pairs:
        yield ctx.not_applicable(
            "pairs", reason="no_pairs", message="未发现可配对的政策文件与解读，本项不适用。"
        )
        return
    for pair in pairs:
        yield _judge(pair, view, ctx)


def _judge(pair: Pairing, view: SiteView, ctx: CheckContext) -> Finding:
    doc, interp = pair.document, pair.interpretation
    target = f"{doc.url} <-> {interp.url}"
    evidence = [Evidence.of(doc), Evidence.of(interp)]
    doc_page = view.page(doc.url)
    if not interp.page_seen or (doc_page is not None and not doc_page.ok):
        return ctx.unverifiable(
            target,
            reason="not_fetched",
            evidence=evidence,
            message=f"《{doc.title}》或其解读页面未能采集，无法核验双向关联，不计为问题。",
        )
    to_interp, back = interp.url in doc.links, doc.url in interp.links
    missing = [
        text
        for ok, text in ((to_interp, "文件页面未链接到解读"), (back, "解读页面未链接回文件原文"))
        if not ok
    ]
    if missing:
        return ctx.fail(
            target,
            measured=2 - len(missing),
            limit=2,
            evidence=evidence,
            message=f"《{doc.title}》与解读「{interp.title}」未做到双向关联：{'；'.join(missing)}。"
            "请在文件页面添加解读链接，并在解读页面添加原文链接。",
        )
    return ctx.pass_(
        target,
        measured=2,
        limit=2,
        evidence=evidence,
        message=f"《{doc.title}》与解读「{interp.title}」已双向关联。",
    )
