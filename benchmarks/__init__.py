"""Benchmarks: a synthetic directory generator and the script behind `make bench`.

Not part of `make test`: a benchmark prints a table, it is not a timed unit test.
"""
