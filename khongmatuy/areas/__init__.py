"""The administrative tree, dated population figures, merges and renames, organisations."""
