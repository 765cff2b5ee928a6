"""Demo data (the seeds' wards) and the deterministic synthetic generator used by bench/."""
