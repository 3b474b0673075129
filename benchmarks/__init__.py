"""Benchmarks: synthetic datasets and timing of the dashboard's rerun work (not tests)."""
