"""Pairing each 政策解读 with the document it interprets: by link first, then by title.

Titles of interpretations quote their document (《…》) or prefix it (解读, 图解, 一图读懂, 政策解读 …); the
document's own title may wrap the name in 关于印发《…》的通知 or end with its 文号. Both sides are reduced
to comparable keys, exact matches win over containment, and a title that fits several documents
equally is left unmatched rather than guessed.

A link pairs only when it can be the document's own: its body's or 相关解读 block's link to the 解读, or the
解读's 原文 link. A page's side blocks link to whatever is newest (要闻, 最新解读) from every page, so a link
counts only when the 解读's title names this document, or names no other and reads as an interpretation
(答记者问, 图解), and only one document is so linked to it. A news headline linked from a side block
names something else (or nothing) and never pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage.views import DocumentView, InterpretationView

_PREFIXES = (
    "一图读懂",
    "一图看懂",
    "一图了解",
    "图解",
    "图文解读",
    "视频解读",
    "专家解读",
    "文字解读",
    "政策解读",
    "解读",
    "新闻发布会",
    "问答",
)
_SUFFIXES = ("政策解读", "的解读", "解读", "的图解", "图解", "政策问答", "问答", "解读材料", "答记者问")
_PUNCT = re.compile(r"[\s，。、：:；;！!？?“”\"'‘’《》〈〉()（）【】\[\]—\-·…_]+")
_DOC_NO = re.compile(r"[（(][^（）()]*〔\d{4}〕[^（）()]*[）)]$")
# how a 解读 calls itself when its title names no document (答记者问, 图解, 新闻发布会 …)
_INTERPRETATION_WORDS = re.compile(
    r"解读|图解|读懂|看懂|问答|答问|答记者问|解答|释义|起草说明|吹风会|新闻发布会|一图"
)
MIN_CONTAINED = 6  # shorter keys are too common to match by containment


@dataclass(frozen=True, slots=True)
class Pairing:
    """One interpretation paired with one document, and how the pair was found."""

    document: DocumentView
    interpretation: InterpretationView
    by: str  # "link" | "title"


def _key(text: str) -> str:
    return _PUNCT.sub("", text)


def document_keys(doc: DocumentView) -> set[str]:
    title = _DOC_NO.sub("", doc.title.strip())
    keys = {_key(title), *(_key(q) for q in re.findall(r"《([^《》]+)》", title))}
    return {k for k in keys if k}


def interpretation_keys(title: str) -> set[str]:
    quoted = {_key(q) for q in re.findall(r"《([^《》]+)》", title)}
    text = re.sub(r"^[【\[（(]?(?:" + "|".join(_PREFIXES) + r")[】\]）)]?[：:丨|｜\s-]*", "", title.strip())
    text = re.sub(r"^关于", "", text)
    for suffix in _SUFFIXES:
        text = text.removesuffix(suffix)
    return {k for k in {*quoted, _key(text)} if k}


def pair_interpretations(
    documents: tuple[DocumentView, ...], interpretations: tuple[InterpretationView, ...]
) -> list[Pairing]:
    """Every (document, interpretation) pair found; an interpretation pairs with one document at most."""
    by_url = {d.url: d for d in documents}
    linking_to: dict[str, list[DocumentView]] = {}
    for doc in documents:
        for url in dict.fromkeys(doc.links):
            linking_to.setdefault(url, []).append(doc)
    index = _TitleIndex(documents)
    pairs = []
    for interp in interpretations:
        linked = [by_url[u] for u in interp.links if u in by_url] + linking_to.get(interp.url, [])
        fitting = list({d.url: d for d in linked if link_fits(d, interp.title)}.values())
        if len(fitting) == 1:
            pairs.append(Pairing(fitting[0], interp, "link"))
        elif (doc := index.find(interp.title)) is not None:
            pairs.append(Pairing(doc, interp, "title"))
    return pairs


def link_fits(doc: DocumentView, title: str) -> bool:
    """Whether a link between a document and a 解读 of this title can be their pairing: the title names the
    document, or names nothing else and reads as an interpretation (答记者问). A headline linked from a side
    block (市政府召开常务会议) names something else, or nothing, and does not fit."""
    named = {k for k in interpretation_keys(title) if len(k) >= MIN_CONTAINED}
    if named:
        keys = document_keys(doc)
        return any(w == k or _contains(w, k) for w in named for k in keys)
    return _INTERPRETATION_WORDS.search(title) is not None


class _TitleIndex:
    """Documents by title key: exact keys in a dict, containment as the slower fallback."""

    def __init__(self, documents: tuple[DocumentView, ...]) -> None:
        self._keys = [(d, document_keys(d)) for d in documents]
        self._exact: dict[str, list[DocumentView]] = {}
        for doc, keys in self._keys:
            for key in keys:
                self._exact.setdefault(key, []).append(doc)

    def find(self, title: str) -> DocumentView | None:
        wanted = interpretation_keys(title)
        exact = {id(d): d for key in wanted for d in self._exact.get(key, [])}
        if exact:
            return next(iter(exact.values())) if len(exact) == 1 else None
        contained = [d for d, keys in self._keys if any(_contains(w, k) for w in wanted for k in keys)]
        return contained[0] if len(contained) == 1 else None


def _contains(a: str, b: str) -> bool:
    return (len(a) >= MIN_CONTAINED and a in b) or (len(b) >= MIN_CONTAINED and b in a)
