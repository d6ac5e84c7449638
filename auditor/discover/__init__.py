"""Columns proposed from a site's home page and navigation (`auditor discover URL`)."""
