"""Local conversation history in SQLite. No Qt."""
