"""Build hook for the two compiled modules: `provenance.segment._fastwalk` (the HTML block walk
in C over Lexbor's tree) and `provenance.boilerplate._fasttrees` (tree-ensemble sums); see
their docstrings. Everything else is configured in pyproject.toml.

Both are optional: where they cannot be compiled (no C compiler) the install still succeeds
and the package uses its pure-Python walk and scikit-learn's tree routine, which give the
same results, slower.
"""
from setuptools import Extension, setup

try:
    from Cython.Build import cythonize
except ImportError:  # building without the declared build requirements (e.g. --no-build-isolation)
    ext_modules = []
else:
    ext_modules = cythonize(
        [Extension("provenance.segment._fastwalk", ["provenance/segment/_fastwalk.pyx"],
                   extra_compile_args=["-O2"], optional=True),
         Extension("provenance.segment._fastlines", ["provenance/segment/_fastlines.pyx"],
                   extra_compile_args=["-O2"], optional=True),
         Extension("provenance.boilerplate._fasttrees", ["provenance/boilerplate/_fasttrees.pyx"],
                   extra_compile_args=["-O2"], optional=True),
         Extension("provenance.boilerplate._fasttext", ["provenance/boilerplate/_fasttext.pyx"],
                   extra_compile_args=["-O2"], optional=True)],
        compiler_directives={"language_level": 3})

setup(ext_modules=ext_modules)
