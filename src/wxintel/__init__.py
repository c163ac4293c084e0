"""wxintel: turn archives of WeChat official-account articles into searchable intelligence."""

__version__ = "0.1.0"
