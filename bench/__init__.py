"""Benchmarks: python -m bench (build time, search latency, memory), python -m bench.ui_latency (the chat in a browser)."""
