"""The heading hierarchy of Chinese official documents: 第X编/章/节, 一、, （一）, 1., （1）, ①.

Reports, 通知, 意见 and laws number their headings in a fixed order of levels (GB/T 9704: 一、 above
（一） above 1. above （1）; laws: 编 above 章 above 节, with articles 第X条 inside). A document may
also be written one paragraph per line without any Markdown or Word heading marks, so the
numbering itself must say which lines are headings:

- **A heading line** opens with a numbering, is short (at most ``MAX_HEADING`` characters) and
  does not end like a sentence (。！？；): ``一、2024年工作回顾``, ``（三）扩大有效需求``,
  ``（一）发挥政策引导保障支撑作用，最大程度把政策红利转化为发展动力``. A line with a full stop
  inside is body text (or a run-in heading, below).
- **A run-in heading** opens a paragraph: ``（一）加强组织领导。各地要…``. The numbering and the
  first sentence are the heading when that sentence is short (at most ``MAX_HEADING`` characters),
  has no colon (``6.“两重”：是指…`` defines a term, ``1.申请人应当提交以下材料：`` leads into a list)
  and more text follows it. Its scope is its own paragraph and the paragraphs right after it
  that open with a topic phrase of their own (``做实项目支撑扩大有效投资。持续开展…``: a short
  first sentence with no comma), as reports write the points of a numbered item; the first
  other paragraph (``以上民生实事，我们将…``, ``各位代表！…``) is back in the enclosing section.
- **Never a heading**: a law's article ``第X条`` (a place in the text, named in the passage's section
  path by the chunker, not a heading), a 发文字号 line (``国办发〔2019〕4号``), a date line.
- In a law (from its first ``第X条`` on), 一、/（一）/1./（1） number the items of an article
  (``（一）出席本级人民代表大会会议…；``), never headings; only 编/章/节 are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_HEADING = 45  # characters, numbering included

_CN = "一二三四五六七八九十百千零〇两"
_NUM = rf"[{_CN}\d]+"
# (style, its rank among numberings: lower is higher up, pattern at the start of a line)
_STYLES: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("编", 0, re.compile(rf"^第\s*{_NUM}\s*编")),
    ("章", 1, re.compile(rf"^第\s*{_NUM}\s*章")),
    ("节", 2, re.compile(rf"^第\s*{_NUM}\s*节")),
    ("一、", 3, re.compile(r"^[一二三四五六七八九十百]+\s*(?:[、．]|\.(?!\d))")),
    ("（一）", 4, re.compile(r"^[（(]\s*[一二三四五六七八九十百]+\s*[）)]")),
    ("1.", 5, re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?!\d))")),
    ("（1）", 6, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
    ("①", 7, re.compile(r"^[\u2460-\u2473]")),
)
RANKS = {style: rank for style, rank, _ in _STYLES}
LAW_STYLES = frozenset({"编", "章", "节"})

LAW_ARTICLE = re.compile(rf"^第\s*{_NUM}\s*条")
# 发文字号: 国办发〔2019〕4号, 浙政发[2024]12号, 川府函（2023）5号
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔［\[（(【]\s*((?:19|20)\d{2})\s*[〕］\]）)】]\s*(?:第\s*)?(\d{1,4})\s*号"
)
_DIGIT = r"[\d〇零○Ｏ一二三四五六七八九十]"
DATE = re.compile(rf"({_DIGIT}{{4}})\s*年\s*({_DIGIT}{{1,3}})\s*月\s*({_DIGIT}{{1,3}})\s*日")
DATE_LINE = re.compile(rf"^[（(]?\s*{DATE.pattern}\s*[）)]?$")
_SENTENCE_END = re.compile(r"[。！？；!?;…]+[”’」』）)】\]》]*$")
_RUN_IN_END = re.compile(r"[。！？!?]")
_COLON = re.compile(r"[：:]")


@dataclass(frozen=True)
class Numbered:
    """A line's numbering: its style (a key of RANKS) and, for a run-in heading, the heading."""

    style: str
    heading_line: bool  # the whole line is a heading
    run_in: str = ""  # the run-in heading that opens the paragraph, if any


def numbering(text: str) -> str:
    """The numbering style the line opens with ('' for none, and for 第X条)."""
    for style, _, pattern in _STYLES:
        if pattern.match(text):
            return style
    return ""


def is_metadata_line(text: str) -> bool:
    """A 发文字号 or date line, or a law article: never a heading."""
    text = text.strip()
    if LAW_ARTICLE.match(text) or DATE_LINE.match(text):
        return True
    match = DOC_NUMBER.match(text)
    return bool(match) and len(text) - match.end() <= 12  # 国办发〔2019〕4号 (签发人…)


def classify(text: str) -> Numbered | None:
    """How a numbered line or paragraph heads a section (see the module's rules), or None."""
    style = numbering(text)
    if not style or is_metadata_line(text):
        return None
    if len(text) <= MAX_HEADING and "。" not in text and not _SENTENCE_END.search(text):
        return Numbered(style, heading_line=True)
    end = _RUN_IN_END.search(text)
    if style in LAW_STYLES or end is None:
        return None
    head = text[: end.start()].strip()
    rest = text[end.end() :].strip()
    if len(head) <= MAX_HEADING and rest and not _COLON.search(head):
        return Numbered(style, heading_line=False, run_in=head)
    return None


TOPIC_CHARS = 30
_TOPIC_STOP = re.compile(r"[，,：:；;！？!?]")


def opens_with_topic(text: str) -> bool:
    """Whether a paragraph opens with a topic phrase: a first sentence of at most
    ``TOPIC_CHARS`` characters, ending in 。 with no comma, followed by more text."""
    end = text.find("。", 0, TOPIC_CHARS + 1)
    return end > 1 and not _TOPIC_STOP.search(text, 0, end) and bool(text[end + 1 :].strip())


def tidy_heading(text: str) -> str:
    """``第一章 总 则`` → ``第一章 总则``: a chapter's justification spaces go, one space stays
    after its number."""
    match = re.match(rf"^(第\s*{_NUM}\s*[编章节])\s*(.*)$", text)
    if not match:
        return text
    number = re.sub(r"\s+", "", match.group(1))
    rest = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", match.group(2))
    return f"{number} {rest}".strip()


def law_article_label(text: str) -> str:
    """``第七条`` for a line that opens a law's article, '' otherwise."""
    match = LAW_ARTICLE.match(text)
    return re.sub(r"\s+", "", match.group(0)) if match else ""


class Outline:
    """The headings above the current place in a document, as a stack of (style, heading).

    A heading closes every open heading of its own style and, among numberings, every deeper
    one (a 一、 closes an open （二） and 1.); a Markdown or Word level closes the same and deeper
    levels; otherwise it opens beneath the current one. So the order in which a document uses
    its styles decides the hierarchy where the fixed order of numberings does not (a plain
    heading such as ``2024年工作回顾`` above （一）)."""

    SEPARATOR = " › "

    def __init__(self) -> None:
        self.stack: list[tuple[str, str]] = []

    def enter(self, style: str, heading: str) -> str:
        """Open ``heading``; its path."""
        styles = [s for s, _ in self.stack]
        if style in styles:
            del self.stack[styles.index(style) :]
        else:
            while self.stack and _closes(style, self.stack[-1][0]):
                self.stack.pop()
        self.stack.append((style, heading))
        return self.path

    @property
    def path(self) -> str:
        return self.SEPARATOR.join(h for _, h in self.stack)

    @property
    def heading(self) -> str:
        return self.stack[-1][1] if self.stack else ""


def _closes(new: str, open_: str) -> bool:
    if new in RANKS and open_ in RANKS:
        return RANKS[open_] >= RANKS[new]
    if new.startswith("#") and open_.startswith("#"):
        return len(open_) >= len(new)
    return False
