"""Central Asia Diplomacy Dashboard.

components.core: pure logic (no Streamlit): schema, readers, validation, dataset, filters,
view, map layers, details, exports, user files. components.ui: the Streamlit side.
The top-level modules are command-line tools (validate, coverage).
"""
