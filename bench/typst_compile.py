#!/usr/bin/env python3
"""Compile a Typst file to PDF with the PyPI package `typst`, so it can be timed as a command.

Usage: typst_compile.py INPUT.typ OUTPUT.pdf

Prints to stderr the time spent inside typst.compile (seconds), so the benchmark can tell
Typst's own compile time from Python's start-up.
"""

import os
import sys
import time


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: typst_compile.py INPUT.typ OUTPUT.pdf")
    source, output = sys.argv[1], sys.argv[2]
    import typst  # imported here so a missing package gives the message below

    start = time.perf_counter()
    typst.compile(source, output=output, root=os.path.dirname(os.path.abspath(source)))
    elapsed = time.perf_counter() - start
    print(f"typst-compile-seconds {elapsed:.3f}", file=sys.stderr)


if __name__ == "__main__":
    try:
        main()
    except ImportError:
        sys.exit("typst_compile.py: the PyPI package `typst` is not installed (bench/setup-peers)")
