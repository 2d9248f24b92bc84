"""An official document's particulars on the way into Chroma metadata and out onto the cards."""

from __future__ import annotations

from assistant.models import Answer, Citation, source_label
from assistant.web.cards import source_cards
from tests.fakes import chunk
from vectorstore.records import from_record, to_metadata

PARTICULARS = {
    "doc_number": "青政办发〔2025〕7号",
    "issuer": "青山县人民政府办公室",
    "date": "2025-03-12",
    "file_author": "县政府办 李明",
    "file_created": "2025-03-10",
}


def test_the_particulars_survive_chroma_metadata():
    passage = chunk(
        "承办单位应当在三个月内办结。", section="二、重点任务 › （一）办理时限", **PARTICULARS
    )
    meta = to_metadata(passage, "2025-03-12T10:00:00")
    assert all(isinstance(v, (str, int)) for v in meta.values())  # Chroma takes scalars only
    assert from_record(passage.id, passage.text, meta) == passage


def test_an_index_written_before_them_still_loads():
    passage = chunk("承办单位应当在三个月内办结。")
    meta = to_metadata(passage, "2025-03-12T10:00:00")
    assert not set(PARTICULARS) & set(meta)  # unknown particulars are not stored
    old = from_record(passage.id, passage.text, meta)
    assert old == passage and old.doc_number == old.issuer == old.date == ""


def test_the_label_names_number_issuer_and_date_and_keeps_long_paths_short():
    long = "（一）发挥政策引导保障支撑作用，最大程度把政策红利转化为发展动力"
    passage = chunk(
        "正文。", title="关于做好代表建议办理工作的通知", section=f"二、重点任务 › {long}",
        **PARTICULARS,
    )  # fmt: skip
    label = source_label(passage)
    assert label == (
        "《关于做好代表建议办理工作的通知》 · 青政办发〔2025〕7号 · 青山县人民政府办公室 · "
        "2025-03-12 · 青山县 · 二、重点任务 › （一）发挥政策引导保障支撑作用，最大…"
    )
    named = chunk("正文。", title="青山县人民政府办公室关于…的通知", issuer="青山县人民政府办公室")
    assert source_label(named).count("青山县人民政府办公室") == 1  # not said twice
    answer = Answer("问", "问", "答[1]。", False, (Citation(1, passage, 1.0),))
    (card,) = source_cards(answer, 0)
    assert "青政办发〔2025〕7号" in card.html and f'title="二、重点任务 › {long}"' in card.html
