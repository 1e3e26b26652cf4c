"""Support code for bench/run.py, urlcheck's own benchmark (Python 3 standard library only)."""
