"""The archive for AI assistants: an MCP server over stdio (`wxintel mcp`) and HTTP (`serve`)."""
