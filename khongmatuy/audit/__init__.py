"""Who changed what (values before and after) and who viewed which sensitive record."""
