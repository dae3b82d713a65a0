"""Policy documents and their interpretations: which documents need one, the earliest paired, the 解读比例."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from checks.columns import zh_date
from checks.context import UNSEEN_NOTE, CheckContext
from checks.matching import Pairing, pair_interpretations
from checks.model import Evidence, Finding, Status
from checks.owed import REASONS_ZH, UNKNOWN_ISSUER, not_owed, own_issuers
from storage.views import ColumnView, DocumentView, InterpretationView, SiteView


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


@dataclass(frozen=True)
class Owed:
    """The candidate documents sorted by checks/owed.py: those owing a 解读, the rest with their reasons."""

    candidates: tuple[DocumentView, ...]
    reasons: dict[str, str]  # url → REASONS_ZH key, for those owing none (or whose issuer is unknown)

    @property
    def docs(self) -> tuple[DocumentView, ...]:
        return tuple(d for d in self.candidates if d.url not in self.reasons)

    @property
    def unknown(self) -> tuple[DocumentView, ...]:
        return tuple(d for d in self.candidates if self.reasons.get(d.url) == UNKNOWN_ISSUER)

    def pairs(self, interpretations: tuple[InterpretationView, ...]) -> list[Pairing]:
        """Pairs of the owing documents, paired among every candidate: a 解读 of a reposted document is
        that document's, never an own one's by a looser title match."""
        found = pair_interpretations(self.candidates, interpretations)
        return [pair for pair in found if pair.document.url not in self.reasons]

    def not_applicable(self, ctx: CheckContext) -> Iterator[Finding]:
        """One not_applicable per document owing no 解读, with its reason (an unknown issuer is counted in
        the ratio finding instead)."""
        for d in self.candidates:
            reason = self.reasons.get(d.url)
            if reason and reason != UNKNOWN_ISSUER:
                yield ctx.not_applicable(
                    d.url, reason=reason, message=f"《{d.title}》：{REASONS_ZH[reason]}。"
                )

    def no_documents(self, target: str, ctx: CheckContext) -> Finding:
        """The ratio finding when no document owes a 解读: unverifiable when some issuers were unknown."""
        if not self.unknown:
            return ctx.not_applicable(
                target, reason="no_documents", message="未发现需要解读的政策文件，本项不适用。"
            )
        return ctx.unverifiable(
            target,
            reason=UNKNOWN_ISSUER,
            evidence=[Evidence.of(d, note="无法确定发文机关") for d in self.unknown],
            message=f"{len(self.unknown)}份文件{REASONS_ZH[UNKNOWN_ISSUER]}，解读比例{UNSEEN_NOTE}",
        )


def owed_documents(view: SiteView, candidates: tuple[DocumentView, ...]) -> Owed:
    own = own_issuers(view)
    return Owed(candidates, {d.url: reason for d in candidates if (reason := not_owed(d, own))})


@dataclass(frozen=True)
class Partial:
    """A 解读 list read only in part (or not at all): a 解读 dated on or before `oldest` may be unseen."""

    column: ColumnView
    oldest: date | None  # the oldest 解读 date read on it (never a guessed year); None: nothing read

    def hides(self, doc: DocumentView) -> bool:
        """Whether the 解读 of this document may be on the part not read (it is dated on or after the
        document, so a document newer than the oldest 解读 read would have shown its 解读)."""
        return self.oldest is None or (doc.publish_date is not None and doc.publish_date <= self.oldest)

    def unverifiable(self, doc: DocumentView, said: str, ctx: CheckContext) -> Finding:
        column = self.column
        how = "仅读取了部分" if column.seen else "未能采集"
        detail = f"（{column.reason}）" if column.reason else ""
        name = f"「{column.name}」" if column.name else "政策解读栏目"
        oldest = (
            f"，已读取的最早一篇解读发布于{zh_date(self.oldest)}，更早发布的解读未能核对"
            if self.oldest
            else ""
        )
        listed = (
            [Evidence(url=column.url, title=column.name, note=column.reason or None)] if column.url else []
        )
        return ctx.unverifiable(
            doc.url,
            reason="incomplete",
            evidence=[Evidence.of(doc), *listed],
            message=f"{said}，在已读取的解读中未找到对应解读；{name}{how}{detail}{oldest}，{UNSEEN_NOTE}",
        )


@dataclass(frozen=True)
class Seen:
    """How much of the 解读 the crawl saw: interpretation pages not fetched, a 解读 list read in part."""

    pages_missing: bool = False
    partial: Partial | None = None


def partial_list(columns: list[ColumnView]) -> Partial | None:
    """The 解读 list read in part that hides the most: one not seen at all, else the one whose oldest
    date read is the latest (documents up to that day may have their 解读 on its unread part)."""
    partial = [c for c in columns if not c.seen or not c.complete]
    if not partial:
        return None
    unseen = next((c for c in partial if not c.seen), None)
    if unseen is not None:
        return Partial(unseen, None)
    read = [
        Partial(c, min((i.date for i in c.items if i.date and not i.year_inferred), default=None))
        for c in partial
    ]
    return max(read, key=lambda r: r.oldest or date.max)


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
    *,
    unknown: tuple[DocumentView, ...] = (),
) -> Finding:
    """The 解读比例: interpreted documents over the documents that could be judged (a document whose
    window is still open, or that could not be judged, counts only once interpreted). Documents whose
    issuer could not be told (`unknown`) are left out of it and counted apart."""
    unjudged = {f.target for f in judged if f.status in (Status.NOT_APPLICABLE, Status.UNVERIFIABLE)}
    counted = [d for d in docs if d.url in interpreted or d.url not in unjudged]
    done = [d for d in counted if d.url in interpreted]
    missing = [d for d in counted if d.url not in interpreted]
    ratio = round(len(done) / len(counted), 3) if counted else 1.0
    listed = "、".join(f"《{d.title}》" for d in missing[:10]) + ("等" if len(missing) > 10 else "")
    said = f"解读比例为{ratio:.0%}（{len(counted)}份文件中{len(done)}份有解读）" + (
        f"；未解读：{listed}" if missing else ""
    )
    if unknown:
        said += f"；另有{len(unknown)}份文件无法确定发文机关（页面未显示发布机构或文号），未计入"
    evidence = [Evidence.of(d, note="未发现解读") for d in missing]
    evidence += [Evidence.of(d, note="无法确定发文机关，未计入") for d in unknown]
    if ratio < min_ratio:
        return ctx.fail(
            target,
            measured=ratio,
            limit=min_ratio,
            evidence=evidence,
            message=f"{said}，低于{min_ratio:.0%}的要求。请对上述文件补充解读。",
        )
    return ctx.pass_(target, measured=ratio, limit=min_ratio, evidence=evidence, message=f"{said}。")
