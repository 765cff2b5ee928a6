"""Citizens' tips and denunciations: the public form, intake, assignment, legal deadlines and
outcomes."""
