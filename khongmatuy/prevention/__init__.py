"""Prevention: communication activities and their coverage of groups, schools and workers."""
