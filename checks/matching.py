"""Pairing each 政策解读 with the document it interprets: by link first, then by title.

Titles of interpretations quote their document (《…》) or prefix it (解读, 图解, 一图读懂, 政策解读 …); the
document's own title may wrap the name in 关于印发《…》的通知 or end with its 文号. Both sides are reduced
to comparable keys, exact matches win over containment, and a title that fits several documents
equally is left unmatched rather than guessed.
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
    linking_to: dict[str, DocumentView] = {}
    for doc in documents:
        for url in doc.links:
            linking_to.setdefault(url, doc)
    index = _TitleIndex(documents)
    pairs = []
    for interp in interpretations:
        linked = next((by_url[u] for u in interp.links if u in by_url), None) or linking_to.get(interp.url)
        if linked is not None:
            pairs.append(Pairing(linked, interp, "link"))
        elif (doc := index.find(interp.title)) is not None:
            pairs.append(Pairing(doc, interp, "title"))
    return pairs


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
