"""Chunk ⇄ Chroma record. The only place that knows how a Chunk is laid out as metadata."""

from __future__ import annotations

from typing import Any

from ingest.models import Chunk

_STR_FIELDS = ("source", "title", "author", "province", "place", "post", "section", "doc_hash")
# An official document's particulars, added later: stored only when known, so an index written
# before them (or a passage without them) reads back as ''.
_OPTIONAL_FIELDS = ("doc_number", "issuer", "date", "file_author", "file_created")
_INT_FIELDS = ("start", "end", "article", "ordinal")


def to_metadata(chunk: Chunk, indexed_at: str) -> dict[str, Any]:
    meta: dict[str, Any] = {name: getattr(chunk, name) for name in _STR_FIELDS + _INT_FIELDS}
    meta.update({name: getattr(chunk, name) for name in _OPTIONAL_FIELDS if getattr(chunk, name)})
    meta["names"] = "|".join(chunk.names)
    meta["indexed_at"] = indexed_at
    return meta


def from_record(chunk_id: str, document: str, meta: dict[str, Any]) -> Chunk:
    names = tuple(a for a in str(meta.get("names", "")).split("|") if a)
    return Chunk(
        id=chunk_id,
        text=document,
        names=names,
        **{name: str(meta.get(name, "")) for name in _STR_FIELDS + _OPTIONAL_FIELDS},
        **{name: int(meta.get(name, 0)) for name in _INT_FIELDS},
    )
