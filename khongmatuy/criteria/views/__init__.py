"""Pages of the criteria app; ``criteria/urls.py`` routes them."""
