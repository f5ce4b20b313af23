#!/usr/bin/env python3
"""Deterministic benchmark corpus for Folio and its peers (Python 3 standard library only).

Usage: gen_corpus.py N OUTDIR

Writes into OUTDIR:
  collection.toml            Folio manifest (title, editors, language, publisher, date,
                             articles, [print] trim/preset)
  articles/aNNNN.md          N articles of about 1,500 words with YAML front matter
                             (title, authors: [{name, affiliation}], date), 4-8 `##`
                             sections, 5-15 links, 2-5 footnotes, a block quote and a list
  single.md                  the same text as one markdown file (for pandoc and Typst)
  crowbook/book.book         a crowbook project listing crowbook/chapters/aNNNN.md
  crowbook/chapters/aNNNN.md the same articles without front matter (crowbook reads none)
  stats.txt                  `articles N` and `words W` (prose words, markup excluded)

The prose is recombined from the sentence pools prose.txt and prose-samples.txt (sentences
of the sample books, harvested once by harvest_prose.py) beside this script. Every
article is drawn from its own seeded generator (seeded by the article's index), so the same
N always gives byte-identical files, and article k is the same text whatever N is.
"""

import argparse
import itertools
import os
import random
import re
import sys

# Words per article aimed at; each article draws its own target within this range.
WORDS_MIN, WORDS_MAX = 1400, 1600
# Sections (`##`) per article, as the issue asks.
SECTIONS_MIN, SECTIONS_MAX = 4, 8
# Links per article.
LINKS_MIN, LINKS_MAX = 5, 15
# Footnotes per article.
NOTES_MIN, NOTES_MAX = 2, 5
# Sentences per paragraph: long enough to make justified paragraphs of several lines.
PARA_MIN, PARA_MAX = 3, 7
# Items in the one list of each article.
LIST_MIN, LIST_MAX = 3, 6
# Share of links that cite a URL already linked in the same article.
REUSE_URL = 0.125
# Attempts at finding a link span that does not end on a little word such as "of".
SPAN_TRIES = 6
# Little words a link or emphasis span should not end on.
STOPWORDS = {"a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "by", "at", "as",
             "is", "are", "was", "that", "which", "with", "than", "their", "its", "it",
             "had", "has", "be", "can", "will", "from", "into", "more", "most", "every", "any",
             "they", "how", "are", "who", "where", "when", "not", "so", "what"}
# Seed prefix: changing it changes every corpus, so it is fixed.
SEED = "folio-bench-v1"
# Date of the whole collection (also the manifest date Folio uses for reproducible output).
COLLECTION_DATE = "2026-11-01"

HERE = os.path.dirname(os.path.abspath(__file__))
# Sentence pools: our own benchmark prose, and sentences harvested from the sample books
# (a committed snapshot written by harvest_prose.py).
POOL_FILES = ["prose.txt", "prose-samples.txt"]

TITLE_ADJ = ["Quiet", "Hidden", "Uneven", "Long", "Slow", "Fragile", "Crowded", "Shared",
             "Warming", "Open", "Patient", "Invisible"]
TITLE_NOUN = ["Economics", "Politics", "Geography", "Arithmetic", "Cost", "Price", "Logic",
              "Promise"]
TITLE_OF = ["Harbours", "Heat", "Bus Lanes", "Customs Forms", "Footnotes", "Rents", "Tariffs",
            "Flood Maps", "Street Markets", "Libraries", "Wetlands", "Supply Chains",
            "Backlists", "Border Towns"]

SECTION_TITLES = [
    "Where the argument starts", "A short history", "What the numbers say",
    "The view from the street", "Ports and their hinterlands", "Who pays",
    "The case for patience", "What went wrong", "Lessons from smaller cities",
    "Counting the cost", "The politics of maintenance", "A note on method",
    "Heat, water and work", "Rules of origin", "The paperwork problem",
    "Finance and its limits", "What publishers can do", "Reading the evidence",
    "Three objections", "The regional picture", "After the storm",
    "Trust and distance", "Land and credit", "A different baseline",
    "What remains uncertain", "Policy options", "The long view", "Conclusion",
]

FIRST = ["Amara", "Bruno", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hiroshi", "Ines",
         "Jonas", "Kavya", "Lucas", "Mei", "Nikolai", "Olumide", "Priya", "Quentin", "Rosa",
         "Samir", "Tove", "Umar", "Valeria", "Wen", "Ximena", "Yusuf", "Zofia", "Anders",
         "Beatriz", "Cormac", "Daria"]
LAST = ["Achterberg", "Bianchi", "Castellanos", "Delacroix", "Eriksen", "Fonseca",
        "Grabowski", "Haddad", "Ibarra", "Jankowski", "Kamau", "Lindqvist", "Moreau",
        "Nakamura", "Okafor", "Petrova", "Quispe", "Rahman", "Sandoval", "Takahashi",
        "Ulrich", "Varga", "Whitfield", "Xu", "Yilmaz", "Zanetti", "Abara", "Brennan",
        "Chowdhury", "Dufresne"]
ROLES = ["Senior Fellow", "Research Director", "Associate Professor", "Policy Analyst",
         "Visiting Scholar", "Economist", "Programme Lead", "Editor at Large"]
INSTITUTES = ["Harbourline Institute", "Centre for Urban Futures",
              "Meridian Trade Observatory", "Northfield University",
              "Institute for Climate and Cities", "Lanternfield Policy Forum",
              "Delta Research Council", "School of Public Affairs, Eastgate University"]

TOPICS = ["urban-development", "trade", "climate-change", "transport", "water",
          "disaster-risk-management", "digital-development", "land"]
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*")


def load_pool():
    """Sentences of prose.txt and prose-samples.txt (when present), in file order.

    Lines starting with # are comments."""
    pool = []
    for name in POOL_FILES:
        path = os.path.join(HERE, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            lines = [line.strip() for line in f]
        pool += [line for line in lines if line and not line.startswith("#")]
    if len(pool) < 50:
        sys.exit("gen_corpus: prose.txt holds too few sentences")
    return pool


def count_words(text):
    """Words in plain prose (markup characters are not words)."""
    return len(WORD_RE.findall(text))


def slug(words):
    """A URL slug from a few words."""
    return "-".join(w.lower().strip("'") for w in words if w.strip("'"))


def make_url(rng, words):
    """A realistic URL whose path is built from the linked words."""
    s = slug(words) or "report"
    year = rng.randint(2015, 2026)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    hexid = "".join(rng.choice("0123456789abcdef") for _ in range(8))
    choice = rng.randrange(12)
    if choice == 0:
        return f"https://www.worldbank.org/en/topic/{rng.choice(TOPICS)}/publication/{s}"
    if choice == 1:
        return f"https://www.oecd.org/en/publications/{s}_{hexid}.html"
    if choice == 2:
        return f"https://data.un.org/Data.aspx?d=POP&f=tableCode%3a{rng.randint(1, 300)}"
    if choice == 3:
        cap = "-".join(w.capitalize() for w in s.split("-"))
        return (f"https://www.imf.org/en/Publications/WP/Issues/{year}/{month:02d}/"
                f"{day:02d}/{cap}-{rng.randint(10000, 99999)}")
    if choice == 4:
        return f"https://ourworldindata.org/{s}"
    if choice == 5:
        return f"https://www.ipcc.ch/report/ar6/wg2/chapter/chapter-{rng.randint(1, 18)}/"
    if choice == 6:
        return "https://en.wikipedia.org/wiki/" + "_".join(w.capitalize() for w in s.split("-"))
    if choice == 7:
        return f"https://doi.org/10.{rng.randint(1000, 9999)}/{hexid[:4]}.{year}.{hexid[4:]}"
    if choice == 8:
        return (f"https://www.theguardian.com/cities/{year}/{MONTHS[month - 1]}/"
                f"{day:02d}/{s}")
    if choice == 9:
        return f"https://unctad.org/publication/{s}"
    if choice == 10:
        return f"https://www.c40.org/case-studies/{s}/"
    return f"https://www.example-institute.org/commentary/{year}/{s}?ref=anthology#section-2"


def titles(n):
    """N distinct article titles, in a seeded order."""
    combos = [f"The {a} {b} of {c}" for a, b, c in
              itertools.product(TITLE_ADJ, TITLE_NOUN, TITLE_OF)]
    random.Random(SEED + "-titles").shuffle(combos)
    out = []
    for i in range(n):
        base = combos[i % len(combos)]
        round_ = i // len(combos)
        out.append(base if round_ == 0 else f"{base}, Revisited ({round_ + 1})")
    return out


def decorate(sentence, rng, link=False, emphasis=False, urls=None):
    """The sentence with a span of 2-4 words turned into a link or emphasis.

    Links append their URL to `urls`; now and then a link reuses an earlier URL of the
    same article, as real commentaries cite one source twice."""
    words = sentence.split(" ")
    # Inner words only: keep the first word and the final word (with its full stop) plain.
    if len(words) < 6:
        return sentence
    for _ in range(SPAN_TRIES):
        span = rng.randint(2, min(4, len(words) - 3))
        start = rng.randint(1, len(words) - 1 - span)
        inner = words[start:start + span]
        if inner[-1].lower().strip(",;:") not in STOPWORDS:
            break
    if any(re.search(r"[,;:]$", w) for w in inner[:-1]):
        return sentence
    text = " ".join(inner)
    trail = ""
    m = re.search(r"[,;:]$", text)
    if m:
        text, trail = text[:-1], m.group(0)
    if link:
        if urls and rng.random() < REUSE_URL:
            url = rng.choice(urls)
        else:
            url = make_url(rng, WORD_RE.findall(text))
            if urls is not None:
                urls.append(url)
        piece = f"[{text}]({url})"
    elif emphasis:
        piece = f"*{text}*"
    else:
        return sentence
    return " ".join(words[:start] + [piece + trail] + words[start + span:])


class Article:
    """One generated article: metadata and body blocks (markdown strings)."""

    def __init__(self, index, title, pool):
        rng = random.Random(f"{SEED}-article-{index}")
        self.index = index
        self.title = title
        self.authors = []
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            affiliation = f"{rng.choice(ROLES)}, {rng.choice(INSTITUTES)}"
            self.authors.append((name, affiliation))
        self.date = f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
        self.words = 0
        self._deck = []
        self.blocks, self.notes = self._body(rng, pool)

    def _sentence(self, rng, pool):
        """The next sentence of a seeded shuffle of the pool: no repeats until it runs out."""
        if not self._deck:
            self._deck = list(pool)
            rng.shuffle(self._deck)
        return self._deck.pop()

    def _body(self, rng, pool):
        target = rng.randint(WORDS_MIN, WORDS_MAX)
        n_sections = rng.randint(SECTIONS_MIN, SECTIONS_MAX)
        section_titles = rng.sample(SECTION_TITLES, n_sections)
        quote = [self._sentence(rng, pool) for _ in range(rng.randint(1, 3))]
        items = [self._sentence(rng, pool) for _ in range(rng.randint(LIST_MIN, LIST_MAX))]
        notes = [" ".join(self._sentence(rng, pool) for _ in range(rng.randint(1, 2)))
                 for _ in range(rng.randint(NOTES_MIN, NOTES_MAX))]
        words = sum(count_words(s) for s in quote + items + notes + section_titles)
        # Paragraphs: sentence lists, decorated later; they fill the rest of the target.
        paras = []
        while words < target:
            sents = [self._sentence(rng, pool) for _ in range(rng.randint(PARA_MIN, PARA_MAX))]
            words += sum(count_words(s) for s in sents)
            paras.append(sents)
        self.words = words

        # Links and emphasis inside paragraph sentences.
        slots = [(p, s) for p in range(len(paras)) for s in range(len(paras[p]))]
        n_links = rng.randint(LINKS_MIN, LINKS_MAX)
        chosen = rng.sample(slots, min(len(slots), n_links + 4))
        linked = 0
        urls = []
        for p, s in chosen:
            if linked < n_links:
                new = decorate(paras[p][s], rng, link=True, urls=urls)
                linked += new != paras[p][s]
            else:
                new = decorate(paras[p][s], rng, emphasis=True)
            paras[p][s] = new
        # Footnote references at the ends of sentences, in reading order.
        note_slots = sorted(rng.sample(slots, len(notes)))
        for number, (p, s) in enumerate(note_slots, start=1):
            paras[p][s] = paras[p][s] + f"[^{number}]"

        # Lay out: a lead paragraph, then sections evenly spread over the paragraphs.
        blocks = []
        per = max(1, (len(paras) - 1) // n_sections)
        quote_at = rng.randrange(1, max(2, len(paras)))
        list_at = rng.randrange(1, max(2, len(paras)))
        section = 0
        for k, sents in enumerate(paras):
            if k >= 1 and section < n_sections and (k - 1) % per == 0:
                blocks.append(("h2", section_titles[section]))
                section += 1
            blocks.append(("p", " ".join(sents)))
            if k == quote_at:
                blocks.append(("quote", " ".join(quote)))
            if k == list_at:
                blocks.append(("list", items))
        while section < n_sections:  # short articles: remaining sections get the list
            blocks.append(("h2", section_titles[section]))
            blocks.append(("p", " ".join(self._sentence(rng, pool) for _ in range(3))))
            section += 1
        return blocks, notes

    def body(self, note_label):
        """The markdown body; note_label(n) gives the footnote label for note n."""
        out = []
        for kind, value in self.blocks:
            if kind == "h2":
                out.append(f"## {value}")
            elif kind == "p":
                out.append(re.sub(r"\[\^(\d+)\]",
                                  lambda m: f"[^{note_label(int(m.group(1)))}]", value))
            elif kind == "quote":
                out.append(f"> {value}")
            elif kind == "list":
                out.append("\n".join(f"- {item}" for item in value))
        for number, text in enumerate(self.notes, start=1):
            out.append(f"[^{note_label(number)}]: {text}")
        return "\n\n".join(out) + "\n"

    def front_matter(self):
        """YAML front matter for Folio."""
        lines = ["---", f'title: "{self.title}"', "authors:"]
        for name, affiliation in self.authors:
            lines.append(f'  - name: "{name}"')
            lines.append(f'    affiliation: "{affiliation}"')
        lines.append(f"date: {self.date}")
        lines.append("---")
        return "\n".join(lines) + "\n\n"

    def byline(self):
        """The authors as one italic line, for tools without per-article metadata."""
        return "*" + "; ".join(f"{n}, {a}" for n, a in self.authors) + "*"


def write(path, text):
    """Write UTF-8 text with LF line endings, creating folders."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("outdir", help="folder to write (created; files are overwritten)")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("N must be at least 1")

    pool = load_pool()
    editors = ["Amara Kamau", "Jonas Lindqvist"]
    book_title = f"Crosscurrents: A Benchmark Anthology of {args.n} Commentaries"
    publisher = "Folio Bench Press"
    articles = [Article(i + 1, t, pool) for i, t in enumerate(titles(args.n))]
    names = [f"a{a.index:04d}.md" for a in articles]

    for art, name in zip(articles, names):
        write(os.path.join(args.outdir, "articles", name),
              art.front_matter() + art.body(str))
        write(os.path.join(args.outdir, "crowbook", "chapters", name),
              f"# {art.title}\n\n{art.byline()}\n\n" + art.body(str))

    manifest = [
        f'title = "{book_title}"',
        "editors = [" + ", ".join(f'"{e}"' for e in editors) + "]",
        'language = "en"',
        f'publisher = "{publisher}"',
        f'date = "{COLLECTION_DATE}"',
        "articles = [",
        *[f'  "articles/{name}",' for name in names],
        "]",
        "",
        "[print]",
        'trim = "6in x 9in"',
        'preset = "kdp"',
    ]
    write(os.path.join(args.outdir, "collection.toml"), "\n".join(manifest) + "\n")

    single = ["---", f'title: "{book_title}"', "author:",
              *[f'  - "{e}"' for e in editors],
              "lang: en", f"date: {COLLECTION_DATE}", f'publisher: "{publisher}"', "---", ""]
    for art in articles:
        label = (lambda a: lambda n: f"a{a.index}n{n}")(art)
        single.append(f"# {art.title}\n\n{art.byline()}\n\n" + art.body(label))
    write(os.path.join(args.outdir, "single.md"), "\n".join(single))

    book = [
        f'title: "{book_title}"',
        'author: "' + " and ".join(editors) + '"',
        "lang: en",
        "",
        "## Chapters",
        *[f"+ chapters/{name}" for name in names],
    ]
    write(os.path.join(args.outdir, "crowbook", "book.book"), "\n".join(book) + "\n")

    total = sum(a.words for a in articles)
    write(os.path.join(args.outdir, "stats.txt"), f"articles {args.n}\nwords {total}\n")
    print(f"gen_corpus: {args.n} articles, {total} words -> {args.outdir}")


if __name__ == "__main__":
    main()
