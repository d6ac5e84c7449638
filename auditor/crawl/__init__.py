"""The crawl stage: each site within its own scope, bounded, columns followed through pagination."""
