"""Pure rules of the prevention app: no ORM, no clock."""
