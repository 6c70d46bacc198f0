"""Build-speed and page-weight benchmark (``apmg bench``, docs/performance.md)."""
