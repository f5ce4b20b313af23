#!/usr/bin/env python3
"""Harvest plain English sentences from the sample books into bench/prose-samples.txt.

Usage: harvest_prose.py [BOOKS_DIR]   (default: ../books beside this script's folder)

The benchmark corpus (gen_corpus.py) recombines sentences from prose.txt and, when it exists,
prose-samples.txt. The harvest is a frozen snapshot written once and committed, so later edits
to the sample books do not change the corpus. Only English articles are read (front matter
`lang: en...`, or none, and no Cyrillic text); only prose paragraphs are used (no headings,
tables, lists, quotes, code or footnote definitions), with inline markup removed.
"""

import glob
import os
import re
import sys

# Sentence length kept, in words: short fragments and run-ons make poor filler.
MIN_WORDS, MAX_WORDS = 8, 45

HERE = os.path.dirname(os.path.abspath(__file__))
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
NOTE = re.compile(r"\[\^[^\]]*\]")
EMPH = re.compile(r"(\*\*|__|\*|_|`)")
SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])")
BAD = re.compile(r"[\[\]<>$^~|{}#\\]|\u2026|https?:")


def english(text):
    """True when the file's front matter says English (or nothing) and it has no Cyrillic."""
    if re.search(r"[\u0400-\u04ff]", text):
        return False
    m = re.search(r"^lang:\s*(\S+)", text, re.M)
    return m is None or m.group(1).strip("\"'").lower().startswith("en")


def paragraphs(text):
    """Prose paragraphs of a markdown file, each joined into one line."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    out, current, fenced = [], [], False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        plain = line.strip()
        skip = (fenced or not plain or line.startswith(("    ", "\t"))
                or re.match(r"([#>|!]|[-*+] |\d+[.)] |\[\^)", plain))
        if skip:
            if current:
                out.append(" ".join(current))
                current = []
            continue
        current.append(plain)
    if current:
        out.append(" ".join(current))
    return out


def sentences(paragraph):
    """Clean sentences of one paragraph."""
    text = NOTE.sub("", LINK.sub(r"\1", paragraph))
    text = EMPH.sub("", text)
    for s in SPLIT.split(text):
        s = s.strip()
        if (s.endswith(".") and not BAD.search(s) and s[0].isupper()
                and MIN_WORDS <= len(s.split()) <= MAX_WORDS
                and s.count("(") == s.count(")") and s.count("\"") % 2 == 0):
            yield s


def main():
    books = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(HERE), "books")
    files = sorted(glob.glob(os.path.join(books, "*", "articles", "*.md"))
                   + glob.glob(os.path.join(books, "*", "chapters", "*.md")))
    seen, kept = set(), []
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if not english(text):
            continue
        for para in paragraphs(text):
            for s in sentences(para):
                if s not in seen:
                    seen.add(s)
                    kept.append(s)
    out = os.path.join(HERE, "prose-samples.txt")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Sentences harvested from Folio's own sample books by bench/harvest_prose.py.\n")
        f.write("# A frozen snapshot: regenerate it only on purpose (it changes the corpus).\n")
        for s in kept:
            f.write(s + "\n")
    print(f"harvest_prose: {len(kept)} sentences from {len(files)} files -> {out}")


if __name__ == "__main__":
    main()
