"""Find an article's place (county, district or city) and the author's post in its text."""

from __future__ import annotations

import re

_BYLINE = re.compile(r"^■\s*(?P<name>[^（(]+?)\s*(?:[（(](?P<province>[^）)]+)[）)])?\s*$")
_NOTE = re.compile(r"^[（(]\s*作者系\s*(?P<post>.+?)\s*[）)]?\s*$")
_HAN = "\u4e00-\u9fff"
_PROVINCE_SUFFIX = r"(?:省|自治区|市|特别行政区)?"
_CITY = rf"(?P<city>[{_HAN}]{{1,5}}?(?:自治州|市|盟|地区))?"
_COUNTY = rf"(?P<county>[{_HAN}]{{1,5}}?(?:县|区|市|旗))?"
# Without a province to anchor on: the first "<name>县/区/市人大常委会" in the text.
_LOOSE = re.compile(rf"(?P<place>[{_HAN}]{{2,4}}?(?:县|区|市|旗))人大常委会")
_GENERIC = {"全区", "全县", "全市", "本区", "本县", "本市", "该区", "该县", "该市", "各区", "各县"}


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


_SUFFIXES = ("自治区", "自治州", "自治县", "省", "市", "县", "区", "旗", "镇", "乡")


def place_variants(place: str) -> set[str]:
    """``宁城县`` → ``{"宁城县", "宁城"}``: the name with and without its administrative suffix."""
    out = {place} if place else set()
    for suffix in _SUFFIXES:
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            out.add(place[: -len(suffix)])
            break
    return out
