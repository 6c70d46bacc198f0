"""Advanced Pain Medical Group website: content model, Pelican plugins and tools.

Data flows one way: content files -> validated models (``apmg.model``) ->
templates (``theme/``, fed by ``apmg.plugins``) -> ``output/`` -> checks.
"""
