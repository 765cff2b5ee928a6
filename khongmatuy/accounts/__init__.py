"""Users, roles, the areas each user may see, and the single scoping mechanism."""
