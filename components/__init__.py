"""Central Asia Diplomacy Dashboard: data, filtering, map layers and Streamlit panels.

Pure modules (no Streamlit): schema, data, validate, filters, places, geometry, layers,
basemap, assets, selection, details, timeline, imports, gdelt, export.
Streamlit modules: loading, sidebar, map_view, panels, uploads.
"""
