"""The page's own labels in Chinese and English, for Gradio's i18n: the browser's language picks
them on the page (Chinese for zh*, English otherwise), as it picks Gradio's built-in strings
("Drop File Here") and sets ``<html lang>``."""

from __future__ import annotations

from typing import Any

from assistant.render import HEADINGS

EN = {
    "title": '## Bitan 笔谈 <span class="bitan-subtitle">ask the library, in Chinese or English</span>',  # fmt: skip
    "tab_chat": "Chat",
    "tab_library": "Library",
    "chat_label": "Bitan",
    "placeholder": "Ask a question (Enter to send)",
    "ask": "Ask",
    "new_chat": "New conversation",
    "examples": "Examples",
    "comment": "Comment (optional), then like or dislike the answer",
    "sources": "Sources",
    "close_article": "Close article",
    "library_hint": "The table is wider than the screen: swipe it sideways for author, place and more →",  # fmt: skip
    "upload": "Upload (.txt .md .pdf .docx .html)",
    "index_uploads": "Index uploads",
    "document": "Document",
    "delete": "Delete document",
    "delete_yes": "Yes, delete",
    "delete_no": "Cancel",
    "rebuild": "Rebuild index",
    "copy_chat": "Copy conversation",
    "export_chat": "Export (.md)",
}
ZH = {
    "title": '## Bitan 笔谈 <span class="bitan-subtitle">问资料库，中文或英文提问</span>',
    "tab_chat": "问答",
    "tab_library": "资料库",
    "chat_label": "笔谈",
    "placeholder": "问一个问题（回车发送）",
    "ask": "提问",
    "new_chat": "新对话",
    "examples": "示例",
    "comment": "评论（可选），然后点赞或点踩",
    "sources": "出处",
    "close_article": "关闭全文",
    "library_hint": "表格比屏幕宽：左右滑动查看作者、地方等列 →",
    "upload": "上传文件（.txt .md .pdf .docx .html）",
    "index_uploads": "索引上传的文件",
    "document": "文档",
    "delete": "删除文档",
    "delete_yes": "确认删除",
    "delete_no": "取消",
    "rebuild": "重建索引",
    "copy_chat": "复制对话",
    "export_chat": "导出对话 (.md)",
}


# The source cards' headings (assistant.web.cards.HEADINGS) under "heading_<kind>".
EN |= {f"heading_{kind}": en for kind, (_, en) in HEADINGS.items()}
ZH |= {f"heading_{kind}": zh for kind, (zh, _) in HEADINGS.items()}
EN["not_deleted"], ZH["not_deleted"] = "Not deleted.", "未删除。"
# The "open article" button under card [n] (Gradio's i18n has no placeholders: one key each).
OPEN_ARTICLE_MAX = 20
EN |= {f"open_{n}": f"Open article [{n}]" for n in range(1, OPEN_ARTICLE_MAX + 1)}
ZH |= {f"open_{n}": f"查看全文 [{n}]" for n in range(1, OPEN_ARTICLE_MAX + 1)}


def translations() -> Any:
    """A ``gr.I18n`` of the labels, for ``launch(i18n=…)``; its keys are ``EN``'s."""
    import gradio as gr

    return gr.I18n(en=EN, zh=ZH)
