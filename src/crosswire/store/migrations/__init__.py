"""The database migrations (Alembic). Run by :mod:`crosswire.store.migrate`, not imported."""
