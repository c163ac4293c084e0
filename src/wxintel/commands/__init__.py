"""Command groups of the `wxintel` CLI, one module per area, each with `register(app)`."""
