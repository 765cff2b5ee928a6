"""The people registry: persons in management, their categories, legal episodes with deadlines,
supervisors, contacts, drug tests, support, transfers between communes and data quality."""
