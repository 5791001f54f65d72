"""Gemini Interactions + Files API over one shared httpx.AsyncClient. No Qt."""
