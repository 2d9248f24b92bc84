"""What the Chroma store raises for its callers to tell the user."""


class EmbedderMismatch(RuntimeError):
    """The index was built with another embedder; its vectors cannot be compared."""


class StoreUnavailable(RuntimeError):
    """The Chroma server cannot be reached."""
