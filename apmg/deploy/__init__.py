"""``make deploy``: sync a built site (``output/``) to an S3-compatible bucket.

Modules, one job each: ``config`` (environment), ``mediatypes`` (Content-Type and
Content-Encoding per file), ``references`` (which files each file needs), ``order``
(upload steps by the reference graph: the guarantee), ``retirement`` (the grace period
of files that left the site, and the deploy state), ``plan`` (what to upload, keep,
retire and delete: pure), ``s3`` (the bucket), ``retry`` (backoff), ``execute`` (runs
a plan), ``report`` (what the operator sees), ``cdn`` (CloudFront invalidation),
``prefix`` (pull-request previews under ``previews/<name>/`` and their removal), ``cli``.
"""
