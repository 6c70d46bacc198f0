"""Pelican plugins: each module has one job and a ``register()`` for Pelican's PLUGINS."""
