"""A server that misbehaves on purpose, for the hardening tests and `benchmarks/hostile.py`."""
