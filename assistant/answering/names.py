"""Chinese names in English, by pinyin: 钱荣新 → Qian Rongxin, 宁城县 → Ningcheng County,
内蒙古 → Inner Mongolia. pypinyin reads the characters; the administrative suffixes are the
standard English ones."""

from __future__ import annotations

# Places whose English name is not their pinyin.
_CONVENTIONAL = {
    "内蒙古": "Inner Mongolia",
    "内蒙古自治区": "Inner Mongolia Autonomous Region",
    "陕西": "Shaanxi",
    "陕西省": "Shaanxi Province",
    "西藏": "Tibet",
    "香港": "Hong Kong",
    "澳门": "Macao",
    "中华人民共和国": "People's Republic of China",
    "中国": "China",
}
# Administrative suffixes, longest first.
_SUFFIXES = (
    ("特别行政区", "Special Administrative Region"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("地区", "Prefecture"),
    ("街道", "Subdistrict"),
    ("省", "Province"),
    ("市", "City"),
    ("县", "County"),
    ("区", "District"),
    ("旗", "Banner"),
    ("盟", "League"),
    ("州", "Prefecture"),
    ("镇", "Town"),
    ("乡", "Township"),
    ("村", "Village"),
)
_TWO_CHAR_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 令狐 尉迟 公孙 慕容 长孙 宇文 夏侯 司徒 端木 西门 南宫".split()
)
# Surnames read differently from the character's common reading.
_SURNAME_READING = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha", "区": "ou", "乐": "yue", "覃": "qin", "缪": "miao", "翟": "zhai", "尉": "yu"}  # fmt: skip


# Characters whose reading in a place name differs from the common one (都 dou → du: 尧都, 成都).
_PLACE_READING = {"都": "du"}


def _syllables(text: str, place: bool = False) -> list[str]:
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(text, v_to_u=True, errors="ignore")
    if place and len(syllables) == len(text):
        syllables = [_PLACE_READING.get(ch, s) for ch, s in zip(text, syllables, strict=True)]
    return syllables


def _joined(text: str, place: bool = False) -> str:
    """Syllables written as one word, capitalised: 宁城 → Ningcheng (an apostrophe before a
    syllable starting with a vowel: 西安 → Xi'an)."""
    out = ""
    for syllable in _syllables(text, place):
        out += ("'" if out and syllable[:1] in "aeo" else "") + syllable
    return out[:1].upper() + out[1:]


def person_en(name: str) -> str:
    """钱荣新 → Qian Rongxin; 欧阳修 → Ouyang Xiu. Empty when the name has no Han characters."""
    name = name.strip()
    if not name:
        return ""
    size = 2 if name[:2] in _TWO_CHAR_SURNAMES else 1
    surname, given = name[:size], name[size:]
    family = _SURNAME_READING.get(surname) if size == 1 else None
    family = family.capitalize() if family else _joined(surname)
    return f"{family} {_joined(given)}".strip() if given else family


def place_en(place: str) -> str:
    """宁城县 → Ningcheng County; 内蒙古 → Inner Mongolia; 天津 → Tianjin."""
    place = place.strip()
    if not place:
        return ""
    if place in _CONVENTIONAL:
        return _CONVENTIONAL[place]
    for suffix, english in _SUFFIXES:
        stem = place.removesuffix(suffix)
        if stem != place and len(stem) >= 2:
            return f"{_CONVENTIONAL.get(stem) or _joined(stem, place=True)} {english}"
    return _joined(place, place=True)
