"""Policy documents and their interpretations: which documents need one, the earliest paired, the 解读比例."""

from __future__ import annotations

from datetime import date

from checks.context import CheckContext
from checks.matching import Pairing
from checks.model import Evidence, Finding, Status
from storage.views import DocumentView, InterpretationView, SiteView


def documents_of_kinds(
    view: SiteView, kinds: tuple[str, ...], since: date | None = None
) -> tuple[DocumentView, ...]:
    """The documents that need an interpretation: of these kinds (all when empty), not before `since`."""
    return tuple(
        d
        for d in view.documents
        if (not kinds or d.kind in kinds)
        and (since is None or d.publish_date is None or d.publish_date >= since)
    )


def earliest_interpretations(pairs: list[Pairing]) -> dict[str, InterpretationView]:
    """For each paired document URL, its earliest interpretation (undated ones last)."""
    earliest: dict[str, InterpretationView] = {}
    for pair in sorted(pairs, key=lambda p: p.interpretation.publish_date or date.max, reverse=True):
        earliest[pair.document.url] = pair.interpretation
    return earliest


def ratio_finding(
    target: str,
    docs: tuple[DocumentView, ...],
    interpreted: dict[str, InterpretationView],
    judged: list[Finding],
    min_ratio: float,
    ctx: CheckContext,
) -> Finding:
    """The 解读比例: interpreted documents over the documents that could be judged (a document whose
    window is still open, or that could not be judged, counts only once interpreted)."""
    unknown = {f.target for f in judged if f.status in (Status.NOT_APPLICABLE, Status.UNVERIFIABLE)}
    counted = [d for d in docs if d.url in interpreted or d.url not in unknown]
    done = [d for d in counted if d.url in interpreted]
    missing = [d for d in counted if d.url not in interpreted]
    ratio = round(len(done) / len(counted), 3) if counted else 1.0
    listed = "、".join(f"《{d.title}》" for d in missing[:10]) + ("等" if len(missing) > 10 else "")
    said = f"解读比例为{ratio:.0%}（{len(counted)}份文件中{len(done)}份有解读）" + (
        f"；未解读：{listed}" if missing else ""
    )
    evidence = [Evidence.of(d, note="未发现解读") for d in missing]
    if ratio < min_ratio:
        return ctx.fail(
            target,
            measured=ratio,
            limit=min_ratio,
            evidence=evidence,
            message=f"{said}，低于{min_ratio:.0%}的要求。请对上述文件补充解读。",
        )
    return ctx.pass_(target, measured=ratio, limit=min_ratio, evidence=evidence, message=f"{said}。")
