"""What kind of answer a question asks for, and whether a sentence gives that kind.

The cues are the interrogatives of Chinese and English themselves (多少/几/多久/多远, how many,
how long, when, who, which), not words of any document, so they hold for any text. A figure is
read in Arabic or Chinese numerals (二百元, 十五日, 24个月, 5.5%) with its unit, so a question
about money wants 元, one about a period wants 日/月/年, one about distance wants 米/公里.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["figure", "date", "list", "who", "how", "yesno", "other"]

_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+)"
# Unit families: what a figure of each kind is written with.
UNITS: dict[str, re.Pattern[str]] = {
    "money": re.compile(_NUM + r"\s*(?:多)?(?:万|亿)?元"),
    "period": re.compile(
        _NUM + r"\s*(?:多)?(?:个)?(?:工作日|小时|周年|年|个月|月|日|天|周|星期)"
        r"|每(?:个)?(?:年|季度|月|周|星期|天|日)"  # how often: 每年至少一次
    ),
    "distance": re.compile(_NUM + r"\s*(?:米|公里|千米|里)"),
    "speed": re.compile(_NUM + r"\s*(?:公里|千米)"),
    "percent": re.compile(_NUM + r"\s*%|百分之" + _NUM + r"|" + _NUM + r"\s*成(?!员|立|果|为|本)"),
    "age": re.compile(_NUM + r"\s*(?:周)?岁"),
    "points": re.compile(_NUM + r"\s*分(?!之|别|析|工|类|配|布|局|组|期)"),
    "count": re.compile(
        r"\d|[一二两三四五六七八九十百千万]+\s*(?:个|名|位|件|项|次|人|家|条|所|期|批|户|亩|头|斤|吨|倍|种|类|级)"
    ),
}
_DATE = re.compile(r"\d{4}\s*年|" + _NUM + r"\s*(?:月|日|时|点)|以来|之日起|之前|以前|前|届满")

# Question cues, Chinese then English; the first family that matches is the one asked for.
_FAMILY_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "percent",
        re.compile(r"百分之几|比例|比重|占比|费率|几成|percent|share of|proportion|\brate\b", re.I),
    ),  # fmt: skip
    ("age", re.compile(r"几岁|多大(?:年纪|岁)|年龄|周岁|how old|\bage\b", re.I)),
    ("speed", re.compile(r"多快|时速|车速|速度|how fast|speed", re.I)),
    (
        "distance",
        re.compile(r"多远|距离|几米|多少米|多少公里|how far|distance|metres|meters", re.I),
    ),  # fmt: skip
    (
        "money",
        re.compile(
            r"多少钱|罚多少|几块|多少元|金额|费用|补助多少|how much (?:money|is the fine|does)|fine\b|yuan|cost",
            re.I,
        ),
    ),  # fmt: skip
    (
        "period",
        re.compile(
            r"多久|多长时间|多长|几年|几个月|几天|多少天|多少日|多少年|几日|期限|最晚|最长|how long|how many (?:days|months|years|hours)|within how|deadline",
            re.I,
        ),
    ),  # fmt: skip
    ("points", re.compile(r"多少分|几分|扣分|how many points", re.I)),
    (
        "count",
        re.compile(r"多少|几[个名位件项次人家条所期批户种类]?|how many|how much|number of", re.I),
    ),  # fmt: skip
]
_DATE_Q = re.compile(
    r"何时|什么时候|几点|哪一?年|哪天|几月|^\s*when\b(?![^?]*,\s*(?:does|do|is|are|can|will|should|must|may)\b)|what year|since when|what date",
    re.I,
)
_LIST_Q = re.compile(
    r"哪些|包括|哪几|有什么|几种|什么情况下|哪种情况|what (?:kinds|types|are the)|\bwhich\b|list|"
    r"(?:in|under) what (?:situations|cases|circumstances|conditions)|when (?:can|may|must)\b",
    re.I,
)
_WHO_Q = re.compile(r"谁|哪个(?:部门|机关|单位)|哪一级|由哪|\bwho\b|\bwhom\b|which (?:body|department|authority|organ)", re.I)  # fmt: skip
_HOW_Q = re.compile(r"如何|怎么|怎样|怎么办|\bhow (?:do|does|did|is|are|can|should|to)\b", re.I)
_YESNO_Q = re.compile(
    r"能不能|可不可以|可以吗|能否|是否|要不要|会不会|算不算|是不是|有没有|吗[?？]?$|"
    r"^(?:can|may|must|is|are|do|does|will|should|could)\b",
    re.I,
)

_LIST_SENTENCE = re.compile(r"[、；;].*[、；;]|下列|以下|包括|（[一二三四五六七八九十]+）|[:：]")
_WHO_SENTENCE = re.compile(r"机关|部门|委员会|政府|法院|检察院|主管|负责|单位|组织|由")
_YESNO_SENTENCE = re.compile(r"应当|不得|可以|禁止|必须|有权|不予|免|无须|不承担|不适用|严禁")


@dataclass(frozen=True)
class Asked:
    """The kind of answer a question wants; for a figure, its unit family."""

    kind: Kind
    family: str = ""

    @property
    def wants_figure(self) -> bool:
        return self.kind in ("figure", "date")


_QUANTITY_Q = re.compile(
    r"多少|几|多久|多长|多远|多快|多大|多高|比例|占比|how (?:many|much|long|far|fast|old)|"
    r"what (?:percentage|share|proportion|fine|penalty|rate|age)|number of|deadline|time limit",
    re.I,
)


def asked(question: str) -> Asked:
    q = question.strip()
    if _DATE_Q.search(q) and not re.search(r"多久|多长|how long", q, re.I):
        return Asked("date")
    if _QUANTITY_Q.search(q):
        for family, cue in _FAMILY_CUES:
            if cue.search(q):
                return Asked("figure", family)
    if _WHO_Q.search(q):
        return Asked("who")
    if _LIST_Q.search(q):
        return Asked("list")
    if _YESNO_Q.search(q):
        return Asked("yesno")
    if _HOW_Q.search(q):
        return Asked("how")
    return Asked("other")


_CLAUSE = re.compile(r"[，,]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def parallel(sentence: str, clauses: int = 3) -> bool:
    """Clauses in parallel (排比) enumerate as a list does: at least ``clauses`` comma-clauses
    that share a two-character word (…问题得到明显改善，…问题得到有效遏制，…问题得到初步解决)."""
    parts = [p for p in _CLAUSE.split(sentence) if p.strip()]
    if len(parts) < clauses:
        return False
    seen: dict[str, int] = {}
    for part in parts:
        pairs = {r[i : i + 2] for r in _HAN_RUN.findall(part) for i in range(len(r) - 1)}
        for pair in pairs:
            seen[pair] = seen.get(pair, 0) + 1
    return any(n >= clauses for n in seen.values())


def gives(want: Asked, sentence: str) -> bool:
    """Whether ``sentence`` gives the kind of answer ``want`` asks for."""
    if want.kind == "figure":
        if want.family == "distance":  # 时速…公里 is a speed, not a distance
            return any(
                not re.search(r"时速|速度", sentence[max(0, m.start() - 10) : m.start()])
                for m in UNITS["distance"].finditer(sentence)
            )
        return bool(UNITS[want.family].search(sentence))
    if want.kind == "date":
        return bool(_DATE.search(sentence) or UNITS["period"].search(sentence))
    if want.kind == "list":
        return bool(_LIST_SENTENCE.search(sentence)) or parallel(sentence)
    if want.kind == "who":
        return bool(_WHO_SENTENCE.search(sentence))
    if want.kind == "yesno":
        return bool(_YESNO_SENTENCE.search(sentence))
    return False


# A figure asked as a bound (最多/至少, maximum/at least) is answered only by a text that states a
# bound of that direction: "最高时速不得超过一百二十公里" does not say what the minimum speed is.
_MAX_Q = re.compile(r"最多|最高|最长|最晚|最大|上限|至多|封顶|maximum|at most|up to|longest|highest|latest|the most", re.I)  # fmt: skip
_MIN_Q = re.compile(r"最少|最低|最短|最早|最小|下限|至少|起码|minimum|at least|shortest|lowest|earliest|the least", re.I)  # fmt: skip
_MAX_TEXT = re.compile(r"最多|最高|最长|最晚|最大|上限|不得超过|不超过|超过|以下|以内|[^不]?内|届满|为止|之前|前")  # fmt: skip
_MIN_TEXT = re.compile(r"最少|最低|最短|最早|最小|下限|至少|不得低于|不低于|不少于|以上|满|起")


def bound(question: str) -> str:
    """'max' or 'min' when the question asks for a bound, else ''."""
    if _MIN_Q.search(question):
        return "min"
    if _MAX_Q.search(question):
        return "max"
    return ""


def states_bound(direction: str, text: str) -> bool:
    if direction == "max":
        return bool(_MAX_TEXT.search(text))
    if direction == "min":
        return bool(_MIN_TEXT.search(text))
    return True


# A work report states last year's results and this year's targets in the same words
# (城镇新增就业118.3万人 / 城镇新增就业85万人): the tense of the question picks one.
_PLAN_Q = re.compile(r"今年|明年|计划|打算|目标|预计|准备|将要|\bthis year\b|\bnext year\b|\bplans?\b|\bwill\b|\btargets?\b|\baims?\b", re.I)  # fmt: skip
_DONE_Q = re.compile(r"去年|过去一年|已经|\blast year\b|\bdid\b|\bwas\b|\bwere\b|\bhas\b.*\bbeen\b", re.I)  # fmt: skip
_PLAN_TEXT = re.compile(r"预期|目标|力争|确保|争取|左右")  # a plan may also be a bare imperative


def tense(question: str) -> str:
    """'plan' for a question about what is to be done, 'done' for what was done, else ''."""
    plan, done = bool(_PLAN_Q.search(question)), bool(_DONE_Q.search(question))
    return "plan" if plan and not done else "done" if done and not plan else ""


def states_plan(sentence: str) -> bool:
    return bool(_PLAN_TEXT.search(sentence))


# A question about what came of something (which problems improved, 取得了哪些成效) is answered
# by a sentence that states an outcome (…问题得到明显改善, 取得显著成效), the set way Chinese
# reports and articles state results, not by one that names the work that was done.
_RESULT_Q = re.compile(
    r"\bimprov|\bresolv|\bsolved\b|\bachiev|\bresults?\b|\boutcomes?\b|\beffects?\b|\bchanged?\b|"
    r"成效|效果|改善|好转|解决了|取得了?哪些|有(?:什么|哪些)变化|有(?:什么|哪些)成果",
    re.I,
)
_RESULT_TEXT = re.compile(
    r"得到(?:了)?[\u4e00-\u9fff]{0,2}(?:改善|解决|遏制|提升|提高|缓解|落实|加强|扭转)|"
    r"取得(?:了)?[\u4e00-\u9fff]{0,4}(?:成效|成果|进展|突破)|明显(?:改善|提升|下降|好转)"
)


def asks_result(question: str) -> bool:
    return bool(_RESULT_Q.search(question))


def states_result(sentence: str) -> bool:
    return bool(_RESULT_TEXT.search(sentence))
