"""Typed errors: the library raises them with the fix in the message; only scripts and the app print them."""


class RagError(Exception):
    """Base class of every error this package raises on purpose."""


class CorpusError(RagError):
    """The collection folder is missing, empty or holds nothing readable."""


class ModelLoadError(RagError):
    """The embedding model cannot be loaded (offline) or converted."""


class IndexMissingError(RagError):
    """No index has been built in the index folder yet."""


class IndexCorruptError(RagError):
    """The index folder exists but its files are damaged or incomplete."""


class IndexWriteError(RagError):
    """A build could not write its index (disk full, no permission); the previous index stays in use."""


class IndexMismatchError(RagError):
    """The index was built with another model or chunker than the one configured."""


class IndexOutdatedError(IndexMismatchError):
    """The index was built by an older version of this program: a build from the collection makes it current."""


class QuestionError(RagError):
    """The question cannot be searched (empty, too long, unreadable)."""


class StoreUnavailableError(RagError):
    """The configured Milvus store cannot be opened or does not answer."""
