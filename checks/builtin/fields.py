"""fields: documents of a kind show the fields the rules require (规范性文件 metadata, 权责清单 elements).

**Rule:** 行政规范性文件 pages show 文号, 成文日期, 发布日期 and 有效性 (国办发〔2018〕37号
统一登记、统一编号、统一印发; 国办发〔2017〕47号: amended or repealed documents marked on the
original); 权责清单 shows 职权名称, 编码, 类型, 依据, 行使主体, 流程图, 监督方式 (DESIGN §3). One set of
params per kind.
**Params:** kind, required, column.
**Unverifiable when:** the column named by `column` could not be seen. On a fetched page a field not shown
is missing; documents whose pages were not fetched are not in the view (the crawl's coverage reports them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.columns import unseen_column
from checks.context import CheckContext
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import SiteView, Visibility

NORMATIVE_FIELDS = ("文号", "成文日期", "发布日期", "有效性")


@dataclass(frozen=True)
class Params:
    kind: str = "规范性文件"
    required: tuple[str, ...] = NORMATIVE_FIELDS
    column: str = ""  # only documents listed in this column (taxonomy id); "" for all of the kind


@check(id="fields", title="必备要素完整性", params=Params)
def fields(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    column = view.column(p.column) if p.column else None
    if column is not None and not column.seen and column.visibility is not Visibility.ABSENT:
        yield unseen_column(ctx, p.kind, column)
        return
    docs = [d for d in view.documents_of_kind(p.kind) if not p.column or d.column == p.column]
    if not docs:
        yield ctx.not_applicable(p.kind, reason="no_documents", message=f"未发现{p.kind}，本项不适用。")
        return
    for doc in docs:
        missing = [name for name in p.required if not doc.field_value(name)]
        shown = len(p.required) - len(missing)
        if missing:
            yield ctx.fail(
                doc.url,
                measured=shown,
                limit=len(p.required),
                evidence=[Evidence.of(doc)],
                message=f"{p.kind}《{doc.title}》缺少{'、'.join(missing)}（应标注："
                f"{'、'.join(p.required)}）。请在页面中补充上述要素。",
            )
        else:
            yield ctx.pass_(
                doc.url,
                measured=shown,
                limit=len(p.required),
                evidence=[Evidence.of(doc)],
                message=f"{p.kind}《{doc.title}》要素齐全（{'、'.join(p.required)}）。",
            )
