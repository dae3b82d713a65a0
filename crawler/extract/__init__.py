"""Pure extractors over fetched bytes and HTML: no Scrapy, no database, no project imports."""
