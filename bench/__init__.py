"""The evaluation benchmark: a reference programme generator and its timing, for `make bench` and the tests.

Not part of the product: it lives beside `src/`, is not installed with `partnerhub`, and is importable only
from a checkout (`make bench` and pytest put the repository root on the Python path).
"""
