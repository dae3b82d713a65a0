"""Pure extractors over fetched bytes and HTML: no Scrapy, no database, no project imports.

EXTRACTOR_VERSION is stored on every page the crawler reads; raise it whenever a change to these
extractors changes what they read from the same page, so stored sweeps can be told apart.
"""

EXTRACTOR_VERSION = 4  # 2: main lists only, undated rows, clean titles (issue 12); 3: one-page columns; 4: side boxes never joined
