"""What an official document says about itself: 发文字号, 发文机关 and 成文日期.

A 通知 or 意见 gives them at its head (``国办发〔2019〕4号`` under the title, or a labelled list
``发文字号：…`` / ``发文机关：…`` / ``成文日期：…`` as government sites print it) and at its tail
(the issuing body's name over the date: ``国务院办公厅`` / ``2019年1月17日``). Only the head and the
tail are read: a 文号 in the body cites another document. When no signature names the issuing
body, a title of the form ``国务院办公厅关于…的通知`` does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.headings import DATE, DATE_LINE, DOC_NUMBER, is_metadata_line

HEAD_BLOCKS = 12
TAIL_BLOCKS = 8
_LONG = 150  # a block this long is body text: the head ends before it

_LABELLED = {
    "doc_number": re.compile(r"(?:发文字号|文\s*号)\s*[:：]\s*([^;；\s][^;；]*)"),
    "issuer": re.compile(r"发文机关\s*[:：]\s*([^;；\s][^;；]*)"),
    "date": re.compile(r"成文日期\s*[:：]\s*([^;；]+)"),
}
_ORGAN = re.compile(
    r"(?:人民政府|政府|办公厅|办公室|委员会|常委会|国务院|人民法院|人民检察院|法院|检察院|"
    r"党委|党组|中心|联合会|协会|部|厅|局|委|院|署|办|会|处|室|所|公司)$"
)
_ORGAN_LINE = re.compile(r"^[\u4e00-\u9fff（）()、\s]{2,40}$")
_RED_HEADER = re.compile(r"^([\u4e00-\u9fff、\s]{2,40}?)\s*文件$")
_TITLE_ISSUER = re.compile(r"^([\u4e00-\u9fff、\s]{2,40}?)\s*关于")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}


@dataclass(frozen=True)
class DocMeta:
    doc_number: str = ""  # 发文字号
    issuer: str = ""  # 发文机关
    date: str = ""  # 成文日期, YYYY-MM-DD


def iso_date(text: str) -> str:
    """``2019年1月17日`` or ``二〇一九年一月十七日`` as ``2019-01-17``; '' when there is none."""
    match = DATE.search(text)
    if not match:
        return ""
    try:
        year, month, day = (_number(g) for g in match.groups())
    except ValueError:
        return ""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text):  # 二〇一九: digit by digit
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    if "十" in text:  # 十七, 二十, 三十一
        tens, _, units = text.partition("十")
        return _number_or(tens, 1) * 10 + _number_or(units, 0)
    raise ValueError(text)


def _number_or(text: str, default: int) -> int:
    return _number(text) if text else default


def _doc_number(text: str) -> str:
    match = DOC_NUMBER.search(text)
    return re.sub(r"\s+", "", match.group(0)) if match else ""


def extract(texts: Sequence[str]) -> tuple[DocMeta, set[int]]:
    """The document's metadata from its blocks' texts, and which blocks are metadata lines (a
    文号 line, the signature and its date), so that they are not taken for headings."""
    head = []
    for i, text in enumerate(texts[:HEAD_BLOCKS]):
        if len(text) > _LONG:
            break
        head.append(i)
    tail = list(range(max(len(head), len(texts) - TAIL_BLOCKS), len(texts)))
    found: dict[str, str] = {}
    lines: set[int] = set()
    for i in head + tail:
        text = texts[i]
        for name, pattern in _LABELLED.items():
            match = pattern.search(text)
            if match and name not in found:
                value = match.group(1).strip()
                value = iso_date(value) if name == "date" else value
                value = _doc_number(value) or value if name == "doc_number" else value
                if value:
                    found[name] = value
                    lines.add(i)
    for i in head + tail:
        text = texts[i].strip()
        if "doc_number" not in found and is_metadata_line(text) and DOC_NUMBER.match(text):
            found["doc_number"] = _doc_number(text)
            lines.add(i)
        red = _RED_HEADER.match(text) if i in head else None
        if red and _ORGAN.search(red.group(1)) and "issuer" not in found:
            found["issuer"] = _organs(red.group(1))
            lines.add(i)
    for i in reversed(tail):  # the signature: the body's name(s) over the date
        if not DATE_LINE.match(texts[i].strip()) or not iso_date(texts[i]):
            continue
        organs = []
        j = i - 1
        while j >= 0 and j in tail and _is_organ(texts[j]) and len(organs) < 4:
            organs.insert(0, texts[j].strip())
            j -= 1
        if organs or "date" not in found:
            found.setdefault("date", iso_date(texts[i]))
            lines.add(i)
        if organs:
            found.setdefault("issuer", "、".join(_organs(o) for o in organs))
            lines.update(range(j + 1, i))
        break
    for i in head:  # a date under the title: （2024年1月20日）
        if "date" not in found and DATE_LINE.match(texts[i].strip()):
            found["date"] = iso_date(texts[i])
            lines.add(i)
    return DocMeta(**found), lines


def issuer_in_title(title: str) -> str:
    """The issuing body a title names: ``国务院办公厅关于…的通知`` → 国务院办公厅."""
    match = _TITLE_ISSUER.match(title.strip())
    if match and _ORGAN.search(match.group(1).strip()):
        return _organs(match.group(1))
    return ""


def _is_organ(text: str) -> bool:
    text = text.strip()
    return bool(_ORGAN_LINE.match(text)) and bool(_ORGAN.search(text))


def _organs(text: str) -> str:
    """Several issuing bodies on one line, separated by spaces: joined with 、."""
    return "、".join(part for part in re.split(r"[\s、]+", text.strip()) if part)
