"""Pages of the people registry; each module brings its own ``urlpatterns`` (see ../urls.py)."""
