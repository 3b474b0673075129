"""Streamlit side: widgets, caching and page parts; logic lives in components.core."""
