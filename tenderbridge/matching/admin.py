"""Nothing to administer yet (see models.py)."""
