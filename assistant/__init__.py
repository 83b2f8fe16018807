"""Assistant for NRTA case-call notices: cited answers, eligibility, category, critique, drafting."""
