"""Errors the engine raises; the edges (CLI, bot) translate them into user words.

    BriefbotError
    ├── ArticleError          an article file cannot be read or holds no text
    ├── QuestionError         a question that cannot be searched (empty, too long, no words)
    ├── ModelError            the embedding model cannot be built or loaded
    ├── IndexStoreError       the index folder
    │   ├── IndexMissing      no index has been built yet
    │   ├── IndexCorrupt      a file of the index is damaged or truncated
    │   ├── IndexMismatch     the index was built with another model or chunker
    │   └── IndexBusy         another process is writing the index
    └── FetchError            fetching an article from the web (see retrieval.web)
"""


class BriefbotError(Exception):
    """Base of every error the engine raises on purpose."""


class ArticleError(BriefbotError):
    pass


class QuestionError(BriefbotError):
    pass


class ModelError(BriefbotError):
    pass


class IndexStoreError(BriefbotError):
    pass


class IndexMissing(IndexStoreError):
    pass


class IndexCorrupt(IndexStoreError):
    pass


class IndexMismatch(IndexStoreError):
    pass


class IndexBusy(IndexStoreError):
    pass


class FetchError(BriefbotError):
    pass
