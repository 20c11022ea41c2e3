#!/usr/bin/env python3
"""apply_mutation.py FILE TEXT REPLACEMENT -- a mutant's one change: replace
TEXT, literally, by REPLACEMENT in FILE; exit 1 (FILE untouched) unless TEXT
occurs exactly once."""
import sys

path, text, repl = sys.argv[1:4]
src = open(path).read()
if src.count(text) != 1:
    sys.exit(1)
open(path, "w").write(src.replace(text, repl))
