"""Legal values an administrator confirms from the official text, for every app's legal rules."""
