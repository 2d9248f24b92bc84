"""Figures, dates and units of Chinese text in English: 每月200元 → 200 yuan a month,
2022年以来 → since 2022, 三次 → three times, 百分之十 → 10 percent, 第十二条 → Article 12.

Hand-written: the Chinese-numeral readers on PyPI (cn2an) turn numbers into digits but do not
render units or dates in English, which is what a reader of the gloss needs; the rules here are
the written forms of figures, not words of any document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_WORDS = "zero one two three four five six seven eight nine ten".split()
_MONTHS = (
    "January February March April May June July August September October November December".split()
)

N = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"  # a number, Arabic or Chinese
_NUM = re.compile(N)


def chinese_number(text: str) -> float | None:
    """二百 → 200, 十五 → 15, 3.5 → 3.5, 一千二百万 → 12000000; None if not a number."""
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch] if digit is None else digit * 10 + _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch in _BIG_UNITS:
            total += (section + (digit or 0)) * _BIG_UNITS[ch]
            section, digit = 0, None
        else:
            return None
    return float(total + section + (digit or 0))


def number_en(value: float, spell: bool = True) -> str:
    """3 → three (up to ten when ``spell``), 200 → 200, 2.5 → 2.5, 1200000 → 1,200,000."""
    if value == int(value):
        value = int(value)
        if spell and 0 <= value <= 10:
            return _WORDS[value]
        for size, word in ((1_000_000_000, "billion"), (1_000_000, "million")):
            if value >= size and value % (size // 100) == 0:  # 26.1亿 → 2.61 billion
                return f"{value / size:g} {word}"
        return f"{value:,}"
    return f"{value:g}"


def _value(text: str, scale: str = "") -> float:
    value = chinese_number(text)
    if value is None:
        raise ValueError(text)
    return value * (_BIG_UNITS.get(scale, 1) if scale else 1)


def _plural(value: float, word: str) -> str:
    if value == 1:
        return word
    irregular = {"person": "people", "year of age": "years of age"}
    return irregular.get(word) or word + ("es" if word.endswith(("s", "ch")) else "s")


# Counted things: the measure word → its English noun ("" = the number alone).
_COUNTED = {
    "次": "time", "名": "person", "位": "person", "人": "person", "件": "item", "项": "item",
    "个": "", "家": "entity", "条": "item", "所": "institution", "户": "household",
    "批": "batch", "期": "session", "种": "kind", "类": "category", "倍": "time",
    "亩": "mu", "吨": "tonne", "公里": "kilometre", "千米": "kilometre", "米": "metre",
    "周岁": "year of age", "岁": "year of age", "小时": "hour", "个工作日": "working day",
    "工作日": "working day", "个月": "month", "天": "day", "日": "day", "周": "week",
    "年": "year", "届": "term",
}  # fmt: skip
_PER = {"年": "a year", "月": "a month", "季度": "a quarter", "周": "a week", "天": "a day", "日": "a day"}  # fmt: skip
_BOUND_AFTER = {"以上": "or more", "以下": "or less", "以内": "or less", "多": "or more", "余": "or more"}  # fmt: skip
_CURRENCY = {"元": "yuan", "美元": "US dollars", "欧元": "euros", "港元": "Hong Kong dollars"}
_UNIT = "|".join(sorted(_COUNTED, key=len, reverse=True))


@dataclass(frozen=True)
class Figure:
    """A figure as written (``zh``) and in English (``en``), at ``start`` in the text."""

    start: int
    end: int
    zh: str
    en: str

    @property
    def self_evident(self) -> bool:
        """Already readable in English as written (10, 2020年): glossing it adds nothing."""
        return re.sub(r"[^\d.]", "", self.zh) == self.en


def _date(m: re.Match[str]) -> str:
    year, month, day, since = m.group("y"), m.group("mo"), m.group("d"), m.group("since")
    parts = []
    if month:
        parts.append(_MONTHS[int(_value(month)) - 1])
        if day:
            parts.append(number_en(_value(day), spell=False) + ",")
    if year:
        parts.append(str(int(_value(year))) if year.isdigit() else year)
    text = " ".join(parts).rstrip(",")
    return f"since {text}" if since else text


_RULES: list[tuple[re.Pattern[str], object]] = [
    # dates: 2022年3月1日, 2022年以来, 3月15日
    (
        re.compile(
            r"(?P<y>\d{4})\s*年(?:\s*(?P<mo>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
            r"(?:\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?)?(?P<since>以来)?"
        ),
        _date,
    ),
    (
        re.compile(
            r"(?P<y>)(?P<mo>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
            r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日(?P<since>以来)?"
        ),
        _date,
    ),
    # articles, chapters and ordinals: 第十二条, 第三章, 第一
    (
        re.compile(r"第\s*(" + N + r")\s*(条|章|款|项|节|编|次|届|批)?"),
        lambda m: (
            {
                "条": "Article",
                "章": "Chapter",
                "款": "Paragraph",
                "项": "Item",
                "节": "Section",
                "编": "Part",
            }.get(m.group(2) or "", "No.")  # fmt: skip
            + f" {number_en(_value(m.group(1)), spell=False)}"
            + ({"次": " (time)", "届": " (term)", "批": " (batch)"}.get(m.group(2) or "", ""))
        ),
    ),
    # percent: 百分之十, 5.5%
    (
        re.compile(r"百分之\s*(" + N + r")"),
        lambda m: f"{number_en(_value(m.group(1)), False)} percent",
    ),  # fmt: skip
    (re.compile(r"(\d+(?:\.\d+)?)\s*[%％]"), lambda m: f"{m.group(1)} percent"),
    # money, with 每月 before or after: 每月200元, 200元/月, 50万元以上
    (
        re.compile(
            r"(?:每(?:个)?(?P<per1>年|月|季度|周|天|日))?\s*(?P<n>" + N + r")\s*(?P<scale>多)?"
            r"(?P<big>万|亿)?\s*(?P<cur>美元|欧元|港元|元)(?:\s*[/每]\s*(?:个)?(?P<per2>年|月|季度|周|天|日))?"
            r"(?P<bound>以上|以下|以内)?"
        ),
        lambda m: " ".join(
            p
            for p in (
                f"{number_en(_value(m.group('n')) * _BIG_UNITS.get(m.group('big') or '', 1), False)} {_CURRENCY[m.group('cur')]}",  # fmt: skip
                "or more" if m.group("scale") else "",
                _PER.get(m.group("per1") or m.group("per2") or "", ""),
                _BOUND_AFTER.get(m.group("bound") or "", ""),
            )
            if p
        ),
    ),
    # how often: 每年至少一次, 每季度
    (
        re.compile(r"每(?:个)?(年|月|季度|周|星期|天|日)"),
        lambda m: {"星期": "every week"}.get(
            m.group(1),
            "every "
            + {
                "年": "year",
                "月": "month",
                "季度": "quarter",
                "周": "week",
                "天": "day",
                "日": "day",
            }[m.group(1)],
        ),
    ),  # fmt: skip
    # counted things and periods: 三次, 15日, 24个月, 60周岁, 10万人
    (
        re.compile(
            r"(?P<n>" + N + r")\s*(?P<big>万|亿)?\s*(?P<more>多|余)?\s*(?P<unit>" + _UNIT + r")"
            r"(?P<bound>以上|以下|以内)?"
        ),
        lambda m: _counted(m),
    ),
    # a bare Arabic number left over: 2022, 3.5
    (re.compile(r"\d+(?:\.\d+)?"), lambda m: m.group(0)),
]


def _counted(m: re.Match[str]) -> str:
    value = _value(m.group("n")) * _BIG_UNITS.get(m.group("big") or "", 1)
    noun = _COUNTED[m.group("unit")]
    big = value >= 11 or m.group("big")
    head = number_en(value, spell=not big)
    if m.group("unit") == "年" and value >= 1000:  # a year
        return f"the year {head.replace(',', '')}"
    if noun == "time" and value in (1, 2):
        head, noun = ("once" if value == 1 else "twice"), ""
    words = [head]
    if noun:
        words.append(_plural(value, noun))
    if m.group("more"):
        words.append("or more")
    if m.group("bound"):
        words.append(_BOUND_AFTER[m.group("bound")])
    return " ".join(words)


def figures(text: str) -> list[Figure]:
    """Every figure, date and counted quantity in ``text``, in English, in reading order."""
    taken: list[tuple[int, int]] = []
    out: list[Figure] = []
    for pattern, render in _RULES:
        for m in pattern.finditer(text):
            start, end = m.span()
            if not m.group(0).strip() or any(s < end and start < e for s, e in taken):
                continue
            if _in_a_name(text, start):
                continue
            try:
                en = render(m)  # type: ignore[operator]
            except (ValueError, IndexError):
                continue
            if _NUM.search(m.group(0)) is None and not m.group(0).startswith("每"):
                continue
            taken.append((start, end))
            out.append(Figure(start, end, re.sub(r"\s+", "", m.group(0)), en))
    return sorted(out, key=lambda f: f.start)


def _in_a_name(text: str, start: int) -> bool:
    """A number that is part of a Latin name (PM2.5, G20, 5G) is no figure."""
    return start > 0 and bool(re.match(r"[A-Za-z.]", text[start - 1]))


# What counts as a figure to be rendered: any Arabic number, or Chinese numerals with a unit.
_ANY_FIGURE = re.compile(r"\d+(?:\.\d+)?|百分之[零〇一二两三四五六七八九十百千]+|[零〇一二两三四五六七八九十百千万亿]+\s*(?:" + _UNIT + r"|元)")  # fmt: skip


def unrendered(text: str) -> list[str]:
    """The figures of ``text`` that ``figures`` leaves out (for the coverage check)."""
    spans = [(f.start, f.end) for f in figures(text)]
    missing = []
    for m in _ANY_FIGURE.finditer(text):
        if not any(s <= m.start() < e for s, e in spans) and not _in_a_name(text, m.start()):
            missing.append(m.group(0))
    return missing
