"""The staff desk: curated answers, the question log and feedback, the review queue, batch answering."""
