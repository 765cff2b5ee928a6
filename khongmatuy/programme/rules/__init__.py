"""Pure rules of the national target programme: money arithmetic, schedules, roll-ups."""
