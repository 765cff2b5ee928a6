"""Every write of the criteria app: rule sets, evaluations, recognitions, roadmaps."""
