"""The web layer: REST API, server-rendered pages, Atom feeds and iCalendar over one store."""

from wxintel.web.app import create_app

__all__ = ["create_app"]
