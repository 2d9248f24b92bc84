import json

import pytest

from ingest import chunk_document, parse_text
from vectorstore import Lexicon
from vectorstore.source_parts import merged_lexicon, source_parts

TEXT = "关于代表工作的报告\n\n青山县推行“三色预警”（红色、黄色、绿色），共预警十二次。\n"


def test_the_corpus_lexicon_survives_a_json_round_trip():
    chunks = chunk_document(parse_text(TEXT, "report.txt"))
    lexicon = merged_lexicon(source_parts(chunks))
    assert lexicon.definitions == (("三色预警", chunks[-1].id),)
    assert Lexicon.from_json(json.loads(json.dumps(lexicon.to_json()))) == lexicon


@pytest.mark.parametrize(
    "saved",
    [
        {"places": [], "people": [], "definitions": ["三色预警\x1fabc"]},  # the old format
        {"places": [], "people": []},
        {"places": "青山县", "people": [], "definitions": []},
        {"places": [], "people": [], "definitions": [["三色预警", 1]]},
        [],
    ],
)
def test_anything_else_is_refused(saved):
    with pytest.raises(ValueError):
        Lexicon.from_json(saved)
