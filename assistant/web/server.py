"""Serving the page: the assistant built and warmed, Gradio launched on loopback by default."""

from __future__ import annotations

import os
import shutil
import threading

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


def prepare(settings: Settings, warm: bool = True) -> Assistant:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    # Uploads land in Gradio's temp dir before we copy them: keep that inside the data dir too.
    os.environ.setdefault("GRADIO_TEMP_DIR", str((settings.data_dir / "tmp").resolve()))
    # Uploads staged by a server that died mid-ingest are never indexed: clear them.
    shutil.rmtree(settings.data_dir / "uploads" / ".incoming", ignore_errors=True)
    assistant = build_assistant(settings)
    assistant.ensure_corpus()
    if warm:
        assistant.warm_up()
    return assistant


def app_kwargs() -> dict:
    """What Gradio's FastAPI app is built with: our middleware around it (outermost first)."""
    from starlette.middleware import Middleware

    from assistant.web.guards import SecurityHeaders, ThrottledLogin

    return {"middleware": [Middleware(SecurityHeaders), Middleware(ThrottledLogin)]}


def _import_page() -> None:
    import assistant.web.page  # noqa: F401  (gradio: 4 s of imports)


def launch(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    # Gradio's imports (most of the start) run beside building the assistant: some of both is
    # file reading and native code that lets the other go on.
    importing = threading.Thread(target=_import_page, name="import-gradio", daemon=True)
    importing.start()
    assistant = prepare(settings, warm=False)
    importing.join()
    from assistant.web.page import build_demo  # imports gradio: only when serving

    demo = build_demo(assistant, settings.data_dir)
    # The rest of the warm-up (the English side: CC-CEDICT, glosses) runs once the server is
    # starting: a first Chinese question does not wait for it, nor does the port.
    threading.Thread(target=assistant.warm_up, name="warm-up", daemon=True).start()
    demo.queue(default_concurrency_limit=4).launch(
        server_name=host or settings.host,
        server_port=port or settings.port,
        auth=_auth(settings),
        footer_links=["api"],
        app_kwargs=app_kwargs(),
        # Gradio's own upload route refuses what the index would refuse anyway (413).
        max_file_size=int(settings.max_file_mb * 2**20),
    )
