"""Rule sets: Decision 28/2025/QĐ-TTg (``decision28``), the seeds' local criteria (``local``), and
``registry.rule_set_for(code, on=...)`` which merges them with administrators' stored versions;
and the recognition lifecycle of an area (``lifecycle``)."""
