"""Views across registries: the map (and, later, dashboards and official documents)."""
