"""Stage 3, review: application material checked against a notice's element structure, and drafted."""
