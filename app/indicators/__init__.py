"""Dated indicators that are neither money nor population: ranks, shares, head counts."""
