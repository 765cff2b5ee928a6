"""Small shared pieces with no domain knowledge: text folding, calendar helpers, typed requests."""
