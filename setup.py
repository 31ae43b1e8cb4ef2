"""Build hook for the compiled modules (see `provenance.compiled` and their docstrings):
`segment._fastwalk` (the HTML block walk in C over Lexbor's tree), `segment._fastlines`
(plain-text lines), `boilerplate._blockstats` (block text statistics), `lexicon._cuecounts`
(cue-phrase counting), `language._langid` (py3langid's DFA walk and scoring),
`boilerplate._pagestats` (per-block columns of the page-type and repeated-structure features),
`boilerplate._blockcols` (the text, position and neighbour columns of the block features) and
`_fasttrees` (tree-ensemble sums). Everything else is configured in pyproject.toml.

All are optional: where they cannot be compiled (no C compiler) the install still succeeds
and the package uses its pure-Python references, which give the same results, slower.
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
         Extension("provenance._fasttrees", ["provenance/_fasttrees.pyx"],
                   extra_compile_args=["-O2"], optional=True),
         Extension("provenance.boilerplate._blockstats", ["provenance/boilerplate/_blockstats.pyx"],
                   extra_compile_args=["-O2"], optional=True),
         Extension("provenance.lexicon._cuecounts", ["provenance/lexicon/_cuecounts.pyx"],
                   extra_compile_args=["-O2"], optional=True),
         Extension("provenance.language._langid", ["provenance/language/_langid.pyx"],
                   extra_compile_args=["-O2"], optional=True),
         Extension("provenance.boilerplate._pagestats", ["provenance/boilerplate/_pagestats.pyx"],
                   extra_compile_args=["-O2"], optional=True),
         Extension("provenance.boilerplate._blockcols", ["provenance/boilerplate/_blockcols.pyx"],
                   extra_compile_args=["-O2"], optional=True)],
        compiler_directives={"language_level": 3})

setup(ext_modules=ext_modules)
