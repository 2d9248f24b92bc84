"""Copy and cite: an answer as plain text with its numbered sources, formal references for a
law's article and a column article, the conversation as a Markdown file, and the conversation
state that the browser keeps (answers stay structured and render again the same)."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

from assistant.models import Answer, Citation, Gloss, Term
from assistant.references import formal_reference, law_article, publications
from assistant.render import render_conversation, render_plain
from assistant.web.cards import source_cards
from assistant.web.conversation import (
    answer_data,
    answer_from_data,
    answered,
    chat_messages,
    conversation_text,
    current,
    failed,
    history,
    thumbs,
    voted,
)
from assistant.web.handlers import WebApp
from tests.fakes import chunk

LAW = chunk(
    "第三十六条 违法行为在二年内未被发现的，不再给予行政处罚。",
    title="中华人民共和国行政处罚法",
    place="",
    section="第四章 行政处罚的管辖和适用 › 第三十六条",
    source="xingzheng-chufa.md",
)
COLUMN = chunk(
    "宁城县人大常委会组织开展代表履职评议。",
    title="建设“四个机关” 擦亮履职底色",
    author="钱荣新",
    place="宁城县",
    section="建牢政治机关 擦亮忠诚底色",
    source="zhuren-bitan-000.txt",
)


def _answer(text: str, *chunks, question: str = "问题？", **extra) -> Answer:
    citations = tuple(Citation(n, c, 0.5, 0.9) for n, c in enumerate(chunks, 1))
    return Answer(question, extra.pop("rewritten", question), text, False, citations, **extra)


def test_a_law_article_is_cited_by_its_number():
    assert formal_reference(LAW) == "《中华人民共和国行政处罚法》第三十六条"
    assert law_article(LAW) == "第三十六条"
    # A passage whose path does not name the article still opens with it.
    opened = chunk("第 十二 条 业主大会每年召开一次。", section="第二章 业主大会")
    assert law_article(opened) == "第十二条"
    assert formal_reference(opened) == "《青山县物业管理办法》第十二条"
    both = chunk("第七条 …… 第八条 ……", section="第一章 总则 › 第七条、第八条")
    assert formal_reference(both) == "《青山县物业管理办法》第七条、第八条"
    assert render_plain(_answer("见[1]。", both)).endswith("第一章 总则 › 第七条、第八条")


def test_a_column_article_is_cited_with_author_headline_and_the_column():
    assert publications()["zhuren-bitan-000.txt"] == "主任笔谈"  # from the bundled metadata
    assert formal_reference(COLUMN) == "钱荣新《建设“四个机关” 擦亮履职底色》, 主任笔谈"
    other = chunk("正文。", title="夜间接待", author="", source="note.txt", section="")
    assert formal_reference(other) == "《夜间接待》"


def test_plain_text_has_the_answer_then_its_numbered_sources_and_no_markup():
    answer = _answer("补助每月200元[1]，依法不再处罚[2]。", COLUMN, LAW)
    text = render_plain(answer)
    lines = text.splitlines()
    assert lines[0] == "补助每月200元[1]，依法不再处罚[2]。"
    assert lines[2] == "出处 / Sources:"
    assert lines[3] == (
        "[1] 《建设“四个机关” 擦亮履职底色》 · 钱荣新 · 宁城县 · 建牢政治机关 擦亮忠诚底色"
    )
    assert lines[4] == (
        "[2] 《中华人民共和国行政处罚法》 · 第四章 行政处罚的管辖和适用 › 第三十六条"
    )
    assert not re.search(r"<[a-z/]|\*\*|&[a-z#]", text)


def test_plain_text_of_a_follow_up_and_a_refusal():
    follow = _answer("见[1]。", COLUMN, question="那邳州呢？", rewritten="邳州如何评议代表？")
    assert render_plain(follow).splitlines()[0] == "（理解为 / understood as: 邳州如何评议代表？）"
    refusal = Answer("世界杯谁赢了？", "世界杯谁赢了？", "", True, (Citation(1, COLUMN, 0.1),))
    text = render_plain(refusal)
    assert "资料库中没有找到" in text and "Nearest passages — not an answer:" in text


def test_the_conversation_file_lists_every_question_answer_and_source():
    turns = [
        ("尧都区代表每月补助多少？", _answer("每月200元[1]。", COLUMN)),
        ("<b>坏</b>", "请输入问题 / Please type a question."),
        ("处罚时效？", _answer("二年[1]。", LAW)),
    ]
    markdown = render_conversation(turns, exported="2026-11-28 10:00 UTC")
    assert markdown.startswith("# Bitan 笔谈")
    assert "## 1. 尧都区代表每月补助多少？" in markdown and "## 3. 处罚时效？" in markdown
    assert "每月200元[1]。" in markdown and "二年[1]。" in markdown
    assert "- \\[1\\] 《中华人民共和国行政处罚法》 · 第四章" in markdown
    assert "\\<b\\>" in markdown and "<b>" not in markdown  # shown as written, not markup
    plain = render_conversation(turns, escape=False)
    assert "- [1] 《建设“四个机关” 擦亮履职底色》 · 钱荣新" in plain and "## 2. <b>坏</b>" in plain


def test_a_card_copies_its_formal_reference_and_an_answer_its_plain_text():
    answer = _answer("见[1]。", LAW)
    (card,) = source_cards(answer, 0)
    copied = re.search(r'class="bitan-copy bitan-copy-cite" value="([^"]*)"', card.html)
    assert html.unescape(copied.group(1)) == "《中华人民共和国行政处罚法》第三十六条"
    conversation = answered(current(None), _answer("见[1]。\n\n![x](http://h/x)", COLUMN))
    (_, bubble) = chat_messages(conversation)
    value = re.search(r'bitan-copy-answer" value="([^"]*)"', bubble["content"]).group(1)
    assert "\n" not in value and "![" not in value  # one HTML block, no Markdown in it
    assert html.unescape(value) == render_plain(answer_from_data(conversation["turns"][0]["data"]))


def test_the_kept_conversation_is_json_and_renders_again_the_same():
    glossed = _answer(
        "Ningcheng evaluates deputies [1].",
        COLUMN,
        glosses=(Gloss(1, (Term("代表", "deputy"), Term("底色", None))),),
        notices=("cut",),
    )
    conversation = answered(current(None), glossed)
    conversation = failed(conversation, "?", "请提一个关于资料内容的问题")
    stored = json.loads(json.dumps(conversation, ensure_ascii=False))  # as the browser keeps it
    assert answer_from_data(stored["turns"][0]["data"]) == glossed
    assert answer_data(glossed)["citations"][0]["chunk"]["author"] == "钱荣新"
    assert chat_messages(stored) == chat_messages(conversation)
    assert [m["role"] for m in chat_messages(stored)] == ["user", "assistant"] * 2
    assert history(stored) == [("问题？", "Ningcheng evaluates deputies [1].")]
    assert [t["turn"] for t in stored["turns"]] == [0, 1] and stored["id"]
    assert conversation_text(stored).count("## ") == 2
    assert current({"turns": []})["id"] and current("garbage")["turns"] == []


def test_copies_give_the_conversation_text_and_a_markdown_file(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path))
    assert WebApp.copies(current(None)) == ("", None)  # nothing to copy or export yet
    stale = tmp_path / "exports" / "bitan-20200101-0badc0de.md"
    stale.parent.mkdir()
    stale.write_text("old", encoding="utf-8")
    os.utime(stale, (0, 0))
    conversation = answered(current(None), _answer("见[1]。", LAW, question="处罚时效？"))
    text, path = WebApp.copies(conversation)
    assert text == conversation_text(conversation) and "《中华人民共和国行政处罚法》" in text
    exported = Path(path).read_text(encoding="utf-8")
    assert path.endswith(f"{conversation['id'][:8]}.md") and path.startswith(str(tmp_path))
    assert "## 1. 处罚时效？" in exported and "导出 / Exported:" in exported
    assert not stale.exists()  # a day-old export is deleted


def test_a_vote_is_kept_on_its_turn_for_the_thumbs_after_a_reload():
    conversation = answered(current(None), _answer("见[1]。", LAW))
    conversation = answered(conversation, _answer("又见[1]。", COLUMN))
    liked = voted(conversation, 3, "like")  # message 3: the second answer
    assert thumbs(liked) == [None, "Like"] and thumbs(conversation) == [None, None]
    assert thumbs(voted(liked, [1, 0], "dislike")) == ["Dislike", "Like"]
    assert thumbs(voted(liked, 3, "withdrawn")) == [None, None]
    assert voted(liked, 9, "like") == liked  # no such message: unchanged
