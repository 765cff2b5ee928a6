"""Criteria: rule sets (Decision 28/2025/QĐ-TTg and local ones), evaluations of areas against
them, the recognition lifecycle, and roadmaps with yearly targets."""
