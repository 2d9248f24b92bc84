"""Find an article's place (county, district or city) and the author's post in its text."""

from __future__ import annotations

import re

_BYLINE = re.compile(r"^■\s*(?P<name>[^（(]+?)\s*(?:[（(](?P<province>[^）)]+)[）)])?\s*$")
_NOTE = re.compile(r"^[（(]\s*作者系\s*(?P<post>.+?)\s*[）)]?\s*$")
_HAN = "\u4e00-\u9fff"
_PROVINCE_SUFFIX = r"(?:省|自治区|市|特别行政区)?"
_CITY = rf"(?P<city>[{_HAN}]{{1,5}}?(?:自治州|市|盟|地区))?"
_COUNTY = rf"(?P<county>[{_HAN}]{{1,5}}?(?:县|区|市|旗))?"
_GENERIC = {"全区", "全县", "全市", "本区", "本县", "本市", "该区", "该县", "该市", "各区", "各县"}


# A place named in running text: a name of 2-4 characters and an administrative suffix. The name
# may hold no suffix character (so 福州市长乐区 gives 福州市 and 长乐区, not 州市长乐区) and no
# function character (在/的/到…, so 回到家乡 is no 乡); names a document uses as common nouns
# (开发区, 小城镇) are left out.
_LEVELS = ("街道", "镇", "乡", "县", "区", "旗", "市", "自治州", "省", "自治区")  # specific first
_NOT_NAME = "省市县区旗镇乡街道自治的了在和与及或者对向从到把被将其这那此每个等是为于也都就又全各本该我们他年原设地由"
_NAME = rf"[^\W\d_a-zA-Z{_NOT_NAME}]{{2,4}}"
_NAMED = re.compile(
    rf"(?P<name>{_NAME})"
    rf"(?P<suffix>{'|'.join(sorted(_LEVELS, key=len, reverse=True))})"
)
# Without a province to anchor on: the first "<name>县/区/市人大常委会" in the text.
_LOOSE = re.compile(rf"(?P<place>{_NAME}(?:县|区|市|旗))人大常委会")
_COMMON = (
    "开发", "示范", "保护", "试验", "行政", "老城", "新城", "风景", "功能", "生活", "居住", "商业",
    "工业", "贫困", "民族", "边远", "偏远", "农村", "小城", "特色小", "中心城", "大城", "中小城",
    "自贸", "经济", "高新", "城市", "少数民族", "革命老", "欠发达", "发达", "直辖", "选", "辖",
)  # fmt: skip
# Nouns made with 区 that name a kind of area, never an administrative district: 住宅小区,
# 城乡社区, 工业园区, 旅游景区, 大学校区, 片区, 街区, 厂区 (a real district's name does not end in
# these: 东城区, 鹤山区 and 浦东新区 stay places). Only before 区: 花园镇 is a town.
_COMMON_AREA = ("小", "社", "园", "景", "校", "片", "街", "厂", "院", "展", "赛", "营", "灾", "库", "学", "禁")  # fmt: skip


def parse_byline(line: str) -> tuple[str, str]:
    """``■ 吕 岩（江苏）`` → ``("吕岩", "江苏")``."""
    match = _BYLINE.match(line.strip())
    if not match:
        return "", ""
    name = re.sub(r"\s+", "", match.group("name"))
    return name, (match.group("province") or "").strip()


def parse_note(line: str) -> str:
    """``（作者系山西省临汾市尧都区人大常委会主任）`` → the post after 作者系."""
    match = _NOTE.match(line.strip())
    return match.group("post").strip() if match else ""


def find_place(text: str, province: str = "") -> str:
    """The most specific administrative place named with the province, else the first
    ``…县/区/市人大常委会`` in ``text``; '' when neither is there."""
    if province:
        pattern = re.compile(re.escape(province) + _PROVINCE_SUFFIX + _CITY + _COUNTY)
        for match in pattern.finditer(text):
            place = match.group("county") or match.group("city")
            if place and place not in _GENERIC:
                return place
    for match in _LOOSE.finditer(text):
        if match.group("place") not in _GENERIC:
            return match.group("place")
    return ""


def place_in_text(text: str) -> str:
    """The place a document without a byline is about: of the names with an administrative
    suffix (街道/镇/乡/县/区/旗/市/省…) in ``text``, the one it names most often, a more specific
    one (a town over its county) on a tie, else the first.

    A pattern rather than a gazetteer, so any county or town is found; the 2-4 character bound
    is what Chinese place names are (长乐, 呼和浩特), and it keeps a sentence's words out of the
    name; it must start and end where words do (jieba's dictionary words), so neither the tail
    of 保险 in 保险或者城镇 nor the head of 市场 in 文化市场 makes a place; counting mentions lets
    the document's own place win over one it mentions in passing."""
    bounds = _word_bounds(text)
    found: dict[str, tuple[int, int, int]] = {}
    for match in _NAMED.finditer(text):
        name, suffix = match.group("name"), match.group("suffix")
        if (
            name.endswith(_COMMON)
            or (suffix == "区" and (name.endswith(_COMMON_AREA) or _is_verb(name)))
            or not {match.start(), match.end()} <= bounds
        ):  # 经济开发区 as 开发区
            continue
        place = name + suffix
        if place not in found:
            found[place] = (-text.count(place), _LEVELS.index(suffix), match.start())
    return min(found, key=found.__getitem__) if found else ""


def _is_verb(word: str) -> bool:
    """Whether jieba's dictionary tags ``word`` a verb: 充电区, 停车区 and 吸烟区 are areas for
    doing something, while a district is named for a place (东城 ns, 和平 nz, 雨花台 n)."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab.get(word, "").startswith("v")


def _word_bounds(text: str) -> set[int]:
    """Where jieba's dictionary words start and end in ``text`` (no HMM: its new words are the names
    themselves, and it is slow on long text)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return {i for _, start, end in jieba.tokenize(text, HMM=False) for i in (start, end)}


_SUFFIXES = ("自治区", "自治州", "自治县", "省", "市", "县", "区", "旗", "镇", "乡")


def place_variants(place: str) -> set[str]:
    """``宁城县`` → ``{"宁城县", "宁城"}``: the name with and without its administrative suffix."""
    out = {place} if place else set()
    for suffix in _SUFFIXES:
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            out.add(place[: -len(suffix)])
            break
    return out
