"""Places: hotspots and harbouring places with their lifecycle, conditional businesses and their
inspections, drug-plant cultivation, cameras, and each residential group's tip box and hotline
board."""
