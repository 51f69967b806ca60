"""Organisations that act in the story, and the year each began working in the region."""
