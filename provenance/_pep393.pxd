# The three storage widths of a str (PEP 393), for the compiled modules' loops: a function
# over `uchar` is compiled once per width, so the compiler sees it and no per-character
# dispatch on the string's kind is left.
ctypedef unsigned char UCS1
ctypedef unsigned short UCS2

ctypedef fused uchar:
    UCS1
    UCS2
    Py_UCS4
