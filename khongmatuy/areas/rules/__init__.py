"""Pure rules of the areas app: no ORM, no clock."""
