"""The one Settings object: built once at an entry point from BITAN_* variables and .env."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ChromaSettings(BaseModel):
    mode: Literal["embedded", "server"] = "embedded"
    url: str | None = None
    collection: str = Field("bitan", min_length=3, max_length=512)
    tenant: str | None = None
    database: str | None = None
    api_key: SecretStr | None = None

    def host_port(self) -> tuple[str, int, bool]:
        parsed = urlparse(self.url or "")
        ssl = parsed.scheme == "https"
        return parsed.hostname or "127.0.0.1", parsed.port or (443 if ssl else 8000), ssl


class ChunkSettings(BaseModel):
    max_chars: int = Field(200, ge=40)
    min_chars: int = Field(40, ge=0)
    keep_whole_chars: int = Field(400, ge=40)


class RetrievalSettings(BaseModel):
    # The passages retrieved, which the extractive answer reads and may quote. Eight, not five:
    # an everyday question often ranks the passage on point 6th-8th (a law says 用人单位 where
    # staff say 公司), and the sentence ranker finds its sentence there (docs/evaluation.md).
    k: int = Field(8, ge=1, le=50)
    candidates: int = Field(30, ge=5)
    rrf_k: int = Field(60, ge=1)
    entity_boost: float = Field(1.0, ge=0)
    # e5's similarities bunch together (0.85-0.93 here), so its ranks are less decisive than
    # BM25's on Chinese terms: a keyword list counts twice in the fusion (measured in
    # docs/retrieval.md on the dev set and our own 32 questions alike).
    keyword_weight: float = Field(2.0, ge=0)
    cedict: bool = True  # CC-CEDICT for English words the glossary lacks


class Settings(BaseSettings):
    """Every knob of Bitan. Flat names follow DESIGN's variables; the rest nest with ``__``
    (e.g. ``BITAN_RETRIEVAL__K=8``)."""

    model_config = SettingsConfigDict(
        env_prefix="BITAN_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    data_dir: Path = Path("var")
    chroma_url: str | None = None
    embedding: str = "e5-small-q4"
    embed_threads: int | None = None
    llm: str | None = None
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = Field(30.0, gt=0)
    auth: str | None = None
    host: str = "127.0.0.1"
    port: int = 7860
    max_question_chars: int = 2000
    max_file_mb: float = Field(50.0, gt=0)  # larger files are refused before they are read
    glossary_file: Path | None = None  # extra English → Chinese terms (TSV, like the bundled one)
    chroma: ChromaSettings = ChromaSettings()
    chunking: ChunkSettings = ChunkSettings()
    retrieval: RetrievalSettings = RetrievalSettings()

    @model_validator(mode="after")
    def _server_when_url(self) -> Settings:
        if self.chroma_url:
            self.chroma.url = self.chroma_url
        if self.chroma.url:
            self.chroma.mode = "server"
        return self

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def keyword_dir(self) -> Path:
        return self.data_dir / "keyword"
