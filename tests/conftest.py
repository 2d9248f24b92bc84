from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COLUMN = ROOT / "assistant" / "data" / "column" / "zhuren-bitan-000.txt"
# Three real law texts of the column's field (public legal texts, not subject to copyright in
# China), copied from ../shared/corpus/more so the tests never depend on a checkout's neighbours.
MORE = ROOT / "tests" / "data" / "laws"


def pytest_configure(config: pytest.Config) -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ["ANONYMIZED_TELEMETRY"] = "False"
    for name in [n for n in os.environ if n.startswith("BITAN_")]:
        del os.environ[name]  # tests build their Settings explicitly


@pytest.fixture(scope="session")
def column_text() -> str:
    return COLUMN.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def column_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled column indexed once with the real e5 embedder into an embedded Chroma."""
    from assistant import Settings, build_assistant

    data = tmp_path_factory.mktemp("column-index")
    report = build_assistant(Settings(data_dir=data)).ingest()
    assert report.count("indexed") == 1
    return data


@pytest.fixture(scope="session")
def column_assistant(column_index_dir: Path):
    from assistant import Settings, build_assistant

    return build_assistant(Settings(data_dir=column_index_dir))


@pytest.fixture()
def index_copy(column_index_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the column index that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(column_index_dir, target)
    return target
