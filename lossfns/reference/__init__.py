"""Reference formulas, for comparison with the library: never for training.

* :mod:`lossfns.reference.naive` -- the textbook formulas without the stabilising tricks,
  evaluated in float64 (numpy only), to show where they overflow or lose every digit;
* :mod:`lossfns.reference.highprecision` -- the same definitions in 50-digit mpmath
  arithmetic, and the relative error of a float64 result against them. Needs ``mpmath``
  (the ``precision`` extra).

The test oracles, ``benchmarks/accuracy.py`` and the numerical-stability appendix measure
the library with them. Importing this package imports neither module, so
``lossfns.reference.naive`` works without mpmath.
"""
