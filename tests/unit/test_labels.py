"""The page's labels exist in both languages (a key missing from one would show English on a
Chinese page, or the bare key)."""

from assistant.web.cards import HEADINGS
from assistant.web.labels import EN, ZH
from assistant.web.page import IN_LANGUAGE


def test_every_label_has_its_chinese_and_english():
    assert EN.keys() == ZH.keys()
    assert all(EN[k].strip() and ZH[k].strip() for k in EN)
    assert all(any("\u4e00" <= c <= "\u9fff" for c in ZH[k]) for k in EN)


def test_each_cards_heading_from_the_handlers_is_shown_as_a_label():
    assert len(IN_LANGUAGE) == len(HEADINGS)
    for heading, label in IN_LANGUAGE.items():
        assert label.key in EN
        assert heading == f"{ZH[label.key]} / {EN[label.key]}"
