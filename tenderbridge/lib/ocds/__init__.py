"""Django-free OCDS reading and merging."""
