"""Pure rules of the places app: no ORM, no clock."""
