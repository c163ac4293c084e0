"""`python -m wxintel` runs the command line."""

from wxintel.cli import app

app()
