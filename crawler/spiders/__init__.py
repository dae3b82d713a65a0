"""Scrapy spiders of the crawler room."""
