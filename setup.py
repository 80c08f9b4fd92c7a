"""The one build setting pyproject.toml cannot hold: the optional C prescan.

Everything else about the package is in pyproject.toml.  The extension
``gaptext.gaps._prescan`` is optional: where no C compiler is at hand the
build goes on without it, and gap detection runs its numpy pass instead,
which finds the same places (tests/test_gaps_native.py), only slower.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("gaptext.gaps._prescan", ["src/gaptext/gaps/_prescan.c"], optional=True)])
