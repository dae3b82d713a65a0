"""sponsor_of(text): the footer's 主办单位 and 承办单位 (主办：青山市人民政府办公室, 青山市人民政府主办).

A government site's footer names the body that runs it, next to its ICP 备案号, 网站标识码 or 版权所有:
「主办单位：邯郸市人民政府办公室」, 「主办：北京市发展和改革委员会 承办：北京市经济信息中心」, or with the
name first, 「石家庄市人民政府办公室主办 石家庄市电子政务中心承办」. An article's own text names organisers
too (「由…主办，…承办的活动」, 「主办单位：教育部思想政治工作司」 in a contest notice): only a statement near
the footer's marks counts, and the last one on the page wins. The checks read the 主办单位 as one of the
site's own issuers (checks/owed.py). Pure: visible text in, names out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r"[\u4e00-\u9fff（）()·]{2,40}"
_BODY = re.compile(
    r"(?:人民政府|政府|行政公署|管理委员会|委员会|办公室|办公厅|总局|局|委|厅|办|部|署|院|中心|公司|会|处)$"
)
_LABELLED = {role: re.compile(rf"{role}(?:单位|方)?\s*[：:]\s*({_NAME})") for role in ("主办", "承办")}
# 石家庄市人民政府办公室主办 (then a space, a line end, a bar or the 承办 body): not 「由…主办，」 in an article
_NAME_FIRST = {
    role: re.compile(rf"(?:^|(?<=[\s|｜]))({_NAME}?){role}(?=\s|$|[|｜]|{_NAME}(?:承办|建设|维护))", re.M)
    for role in ("主办", "承办")
}
_FOOTER_MARK = re.compile(r"ICP|网站标识码|公网安备|版权所有|Copyright|©|联系我们|网站地图|网站声明")
NEAR = 300  # characters between a statement and a footer mark


@dataclass(frozen=True, slots=True)
class Sponsor:
    """The bodies a site's footer names: 主办单位 (the organisation that runs the site) and 承办单位."""

    host: str = ""
    operator: str = ""


def sponsor_of(text: str) -> Sponsor:
    """The footer's 主办单位 and 承办单位 of a page's visible text ('' each when not stated)."""
    return Sponsor(_last(text, "主办"), _last(text, "承办"))


def _last(text: str, role: str) -> str:
    found = [
        (m.start(), m.group(1))
        for pattern in (_LABELLED[role], _NAME_FIRST[role])
        for m in pattern.finditer(text)
    ]
    for start, name in sorted(found, reverse=True):
        name = _body_name(name)
        if name and _FOOTER_MARK.search(text, max(0, start - NEAR), start + len(name) + NEAR):
            return name
    return ""


def _body_name(name: str) -> str:
    """The name of a body, or '' for text that names none (a slogan, an event)."""
    name = name.strip()
    return name if _BODY.search(name) and not name.startswith(("由", "本站", "本网")) else ""
