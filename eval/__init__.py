"""Evaluation: data sets, the harness that scores the assistant on them, and the quality gate."""
