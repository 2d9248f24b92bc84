"""The English glosses of a source card, folded under its Chinese passage ("Show English
glosses"): a ``<details>`` element, so it works without any script. Text escaped."""

from __future__ import annotations

from html import escape

from assistant.models import Gloss

SHOW = "Show English glosses"


def gloss_html(gloss: Gloss | None) -> str:
    """``<details>`` with one row per term (Chinese — English); "" when there is no gloss."""
    if gloss is None or not gloss.terms:
        return ""
    rows = []
    for term in gloss.terms:
        en = (
            f'<span class="bitan-gloss-en">{escape(term.en)}</span>'
            if term.en
            else '<span class="bitan-gloss-none">(no gloss)</span>'
        )
        rows.append(f'<li><span class="bitan-gloss-zh">{escape(term.zh)}</span> — {en}</li>')
    return (
        f'<details class="bitan-gloss"><summary>{SHOW}</summary>'
        f'<ul class="bitan-gloss-terms">{"".join(rows)}</ul></details>'
    )
