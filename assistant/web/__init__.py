"""What only the web page uses: handlers, HTML cards and highlights, feedback, uploads, the
layout and its stylesheet. ``app.py`` and ``bitan serve`` enter here."""

from assistant.web.server import launch, prepare

__all__ = ["launch", "prepare"]
