"""Serving the page: the assistant built and warmed, Gradio launched on loopback by default."""

from __future__ import annotations

import os
import shutil

from assistant.composition import build_assistant
from assistant.service import Assistant
from assistant.settings import Settings


def _auth(settings: Settings) -> tuple[str, str] | None:
    if not settings.auth:
        return None
    user, _, password = settings.auth.partition(":")
    if not user or not password:
        raise ValueError("BITAN_AUTH must be user:password")
    return user, password


def prepare(settings: Settings) -> Assistant:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    # Uploads land in Gradio's temp dir before we copy them: keep that inside the data dir too.
    os.environ.setdefault("GRADIO_TEMP_DIR", str((settings.data_dir / "tmp").resolve()))
    # Uploads staged by a server that died mid-ingest are never indexed: clear them.
    shutil.rmtree(settings.data_dir / "uploads" / ".incoming", ignore_errors=True)
    assistant = build_assistant(settings)
    assistant.ensure_corpus()
    assistant.warm_up()
    return assistant


def app_kwargs() -> dict:
    """What Gradio's FastAPI app is built with: our middleware around it (outermost first)."""
    from starlette.middleware import Middleware

    from assistant.web.guards import SecurityHeaders, ThrottledLogin

    return {"middleware": [Middleware(SecurityHeaders), Middleware(ThrottledLogin)]}


def launch(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    from assistant.web.page import build_demo  # imports gradio: only when serving

    demo = build_demo(prepare(settings), settings.data_dir)
    demo.queue(default_concurrency_limit=4).launch(
        server_name=host or settings.host,
        server_port=port or settings.port,
        auth=_auth(settings),
        footer_links=["api"],
        app_kwargs=app_kwargs(),
        # Gradio's own upload route refuses what the index would refuse anyway (413).
        max_file_size=int(settings.max_file_mb * 2**20),
    )
