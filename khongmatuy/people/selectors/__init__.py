"""Every read of the people registry; all start from ``Model.objects.for_user(user)``."""
