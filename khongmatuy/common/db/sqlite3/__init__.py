"""SQLite with the audit log's DELETE guard lifted only for a whole-database flush."""
