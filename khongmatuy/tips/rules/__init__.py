"""Pure rules of the tips app: the handling steps and the legal time limits."""
