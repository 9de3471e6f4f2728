"""Evaluation on real, human-labelled data (never shipped: read from a path)."""
