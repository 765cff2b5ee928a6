"""Every read of the criteria app that is more than one QuerySet call."""
