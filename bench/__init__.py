"""Performance figures on the synthetic dataset: ``make bench`` runs ``bench/run.py``."""
