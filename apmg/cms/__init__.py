"""The web editor at /admin/ (Decap CMS): its configuration, generated from the schemas, and
the files the build serves there (docs/cms.md)."""
