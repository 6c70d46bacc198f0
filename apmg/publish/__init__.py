"""Production post-processing: minify, fingerprint, header files, precompress.

``publishconf.py`` lists the steps of ``apmg.publish.steps`` in APMG_POSTPROCESS after
the base steps (search index): every step works on the staged site, and compression
comes last so it sees the final bytes of every file.
"""
