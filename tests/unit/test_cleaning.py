import re

from ingest.cleaning import clean, cleaned_text, display_width, fix_spaces, is_hard_wrapped


def _non_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_cleaning_keeps_every_character_in_order(column_text):
    assert _non_space(cleaned_text(clean(column_text))) == _non_space(column_text)


def test_unwrapped_markdown_loses_only_its_heading_marks():
    text = "# 标题\n\n第一条 为了 保障 权利。\n\nSome English words stay apart.\n"
    cleaned = cleaned_text(clean(text))
    assert _non_space(cleaned) == _non_space(text.replace("#", ""))
    assert "Some English words stay apart." in cleaned


def test_justification_spaces_between_cjk_are_removed():
    assert (
        fix_spaces("当 毫 不 动 摇 地 体 现 党 的 意 图 、维 护")
        == "当毫不动摇地体现党的意图、维护"
    )
    assert fix_spaces("知 识 培 训 ，普 遍 提 高") == "知识培训，普遍提高"


def test_spaces_between_latin_words_and_digits_are_kept():
    assert fix_spaces("GDP growth 3 5 percent") == "GDP growth 3 5 percent"
    assert fix_spaces("version 2.0  beta") == "version 2.0 beta"


def test_spaces_between_cjk_and_digits_are_removed():
    assert fix_spaces("每位代表联系 10 位选民") == "每位代表联系10位选民"
    assert fix_spaces("发放交通通讯补助 200 元") == "发放交通通讯补助200元"


def test_heading_separator_space_is_kept():
    assert (
        fix_spaces("坚持党的领导 把牢政治机关定位", keep_separators=True)
        == "坚持党的领导 把牢政治机关定位"
    )
    assert fix_spaces("毫 不 动 摇", keep_separators=True) == "毫不动摇"


def test_lines_broken_inside_sentences_are_joined(column_text):
    text = cleaned_text(clean(column_text))
    assert "必须毫不动摇地坚持中国共产党的领导" in text
    assert "特别是在“四个机关”（政治机关、权力机关、工作机关、代表机关）的建设实践中" in text
    assert "每位代表联系10位选民" in text


def test_blank_lines_are_column_breaks_not_paragraphs(column_text):
    blocks = clean(column_text)
    # "…年度工作计" / blank line / "划总结…" is one paragraph
    assert any("年度工作计划总结" in b.text for b in blocks)


def test_headings_bylines_and_notes_are_their_own_blocks(column_text):
    blocks = clean(column_text)
    kinds = {b.text: b.kind for b in blocks}
    assert kinds["坚持党的领导 把牢政治机关定位"] == "heading"
    assert kinds["建好代表机关 擦亮为民履职底色"] == "heading"
    assert kinds["（作者系内蒙古自治区宁城县人大常委会主任）"] == "note"
    assert sum(b.kind == "byline" for b in blocks) == 5


def test_wrapped_text_is_detected(column_text):
    assert is_hard_wrapped(column_text.split("\n"))
    assert not is_hard_wrapped(["第一条 " + "很长的一段法律条文，" * i for i in range(1, 12)])


def test_display_width_counts_ascii_as_half():
    assert display_width("宁城县") == 3
    assert display_width("ab") == 1
