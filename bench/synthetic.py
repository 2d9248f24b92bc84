"""A synthetic corpus for the benchmarks: the column's sentences recombined into new articles
by invented directors of invented places (names substituted throughout), written as column-like
text files so that they go through the real ingest path."""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMN = ROOT / "assistant" / "data" / "column" / "zhuren-bitan-000.txt"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国立新文华明德志强海燕秀英玉兰红梅春生永刚晓东丽娟宏伟俊杰子涵思远振华国庆嘉怡"
PLACE_HEADS = "青山河西东湖南岭北川清水长宁安平永丰新华宝鸡云台白石金沙龙泉临江凤阳桃源高桥"
PROVINCES = ["河北", "山西", "辽宁", "吉林", "江苏", "浙江", "安徽", "福建", "江西", "山东",
             "河南", "湖北", "湖南", "广东", "四川", "贵州", "云南", "陕西", "甘肃"]  # fmt: skip
SUFFIXES = ["县", "区", "市"]
# The column's own places and authors, replaced in every sentence.
ORIGINAL = ["尧都区", "邳州市", "宁城县", "郧阳区", "宝坻区", "尧都", "邳州", "宁城", "郧阳", "宝坻",
            "鲁立波", "吕岩", "钱荣新", "姜文静", "丁洪生"]  # fmt: skip
_SENTENCE = re.compile(r"[^。！？；]+[。！？；]")


def column_sentences() -> list[str]:
    """The column's body sentences (bylines, notes and headings left out)."""
    from ingest import parse_file

    out = []
    for article in parse_file(COLUMN).articles:
        for line in article.text.split("\n"):
            out.extend(s.strip() for s in _SENTENCE.findall(line) if len(s.strip()) >= 12)
    return out


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))


def _place(rng: random.Random) -> str:
    head = "".join(rng.sample(PLACE_HEADS, 2))
    return head + rng.choice(SUFFIXES)


def _substitute(sentence: str, place: str, author: str) -> str:
    for original in ORIGINAL:
        if original in sentence:
            replacement = author if len(original) <= 3 and original[0] in "鲁吕钱姜丁" else place
            sentence = sentence.replace(original, replacement)
    return sentence


def article_text(rng: random.Random, sentences: list[str], paragraphs: int = 8) -> str:
    """One column-like article: byline, paragraphs of recombined sentences, note, headline."""
    author, place, province = _name(rng), _place(rng), rng.choice(PROVINCES)
    body = []
    for _ in range(paragraphs):
        picked = rng.sample(sentences, rng.randint(2, 4))
        body.append("".join(_substitute(s, place, author) for s in picked))
    headline = f"{place}人大常委会推进代表工作的实践"
    note = f"（作者系{province}省{place}人大常委会主任）"
    return "\n\n".join([f"■ {author}（{province}）", *body, note, headline]) + "\n"


def write_corpus(folder: Path, articles: int, seed: int = 7) -> list[Path]:
    """``articles`` synthetic articles, five to a file (like a page of the column)."""
    rng = random.Random(seed)
    sentences = column_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for page in range(0, articles, 5):
        text = "\n".join(article_text(rng, sentences) for _ in range(min(5, articles - page)))
        path = folder / f"synthetic-{page // 5:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
