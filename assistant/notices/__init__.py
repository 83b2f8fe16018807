"""Notices staff add without code: read, normalise, extract rules with sources, review, approve."""
