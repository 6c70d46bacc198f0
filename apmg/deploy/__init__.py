"""``make deploy``: sync a built site (``output/``) to an S3-compatible bucket.

Modules, one job each: ``config`` (environment), ``mediatypes`` (Content-Type and
Content-Encoding per file), ``plan`` (what to upload, keep and delete, in which
order: pure), ``s3`` (the bucket), ``retry`` (backoff), ``execute`` (runs a plan),
``report`` (what the operator sees), ``cdn`` (CloudFront invalidation), ``cli``.
"""
