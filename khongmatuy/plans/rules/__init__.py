"""Pure rules of plans and tasks: no ORM, no clock."""
