"""The web page (Gradio) entry point: ``demo`` for ``gradio app.py`` and hosting tools,
``python app.py`` to serve. The page itself lives in ``assistant.web``."""

from __future__ import annotations

from typing import Any

__all__ = ["build_demo", "launch"]  # and `demo`, built on first access


def build_demo(*args: Any, **kwargs: Any) -> Any:
    from assistant.web.page import build_demo as build

    return build(*args, **kwargs)


def launch(*args: Any, **kwargs: Any) -> None:
    from assistant.web import launch as serve

    serve(*args, **kwargs)


def __getattr__(name: str) -> Any:
    """``app.demo``: built lazily so importing this module has no side effects."""
    if name == "demo":
        from assistant import Settings
        from assistant.web import prepare

        settings = Settings()
        globals()["demo"] = built = build_demo(prepare(settings), settings.data_dir)
        return built
    raise AttributeError(name)


if __name__ == "__main__":
    from assistant import Settings

    launch(Settings())
