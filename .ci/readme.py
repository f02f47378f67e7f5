#!/usr/bin/env python3
"""Prints the code blocks of README.md that follow a marker comment, for .ci/ to run as written.

    python3 .ci/readme.py README.md MARKER      # e.g. ci:commands, ci:run, ci:python

Blocks are separated by a NUL byte. A block follows its marker when the marker comment (<!-- MARKER -->)
is the line right before its opening fence.
"""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"^<!-- " + re.escape(sys.argv[2]) + r" -->\n```[a-z]*\n(.*?)^```", text, re.S | re.M)
if not blocks:
    sys.exit("no code block marked <!-- %s --> in %s" % (sys.argv[2], sys.argv[1]))
sys.stdout.write("\0".join(blocks))
