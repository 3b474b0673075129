"""Pure logic: no Streamlit here (tests/unit/test_purity.py checks the folder)."""
