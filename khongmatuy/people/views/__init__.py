"""Pages of the people registry; their routes are in ../urls.py."""
