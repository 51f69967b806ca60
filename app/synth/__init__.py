"""Synthetic data for benchmarks: `kca synth` (see load.py)."""
