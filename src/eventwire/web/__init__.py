"""HTTP API and analyst web page over the DuckDB store (`eventwire serve`)."""

from eventwire.web.app import create_app

__all__ = ["create_app"]
