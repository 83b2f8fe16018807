"""Stage 3, answering: what a question asks, for which notice and applicant, composed from the rules."""
