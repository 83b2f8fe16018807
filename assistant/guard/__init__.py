"""Bounds on what one request may cost, and the handling of hostile or broken input."""
