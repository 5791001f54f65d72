"""Markdown to safe, QTextDocument-friendly HTML; incremental for streams. No widgets."""
