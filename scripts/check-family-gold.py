#!/usr/bin/env python3
"""Check the family corpus's gold files against the documents.

Usage:
    python3 scripts/check-family-gold.py

Checks, for crates/kaohe-cli/tests/families/:

* gold.tsv has exactly the columns of the shared real gold, nine fields on
  every line, a known family and verdict, and every ``doc`` exists in docs/;
* every target_text and non-empty actual_text is a substring of the
  document's text: for .txt the decoded file (UTF-8, else GB18030) with its
  line breaks; for .html/.docx/.xlsx of one cell's (or paragraph's) text;
  for .pdf of one line of ``pdftotext -layout`` or plain ``pdftotext``,
  whitespace removed on both sides (pdftotext puts a space where CJK meets
  digits: ``新建中小学校 5 所``);
* an empty actual_text goes with the verdict ``unclear``;
* every document in docs/ has gold rows, every document in refuse/ has none;
* the rows of the generated documents equal ``make-family-corpus.py --gold``;
* funds.tsv and meta.tsv name existing documents with the right columns,
  and the funds figures appear in the document (thousands commas dropped);
  meta.tsv covers every document in docs/ and its family agrees with gold.

Needs python-docx, openpyxl and pdftotext (poppler-utils).  Exits 1 on the
first kind of failure, after printing all failures.
"""

import html.parser
import os
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
FAM = os.path.join(ROOT, "crates", "kaohe-cli", "tests", "families")
DOCS = os.path.join(FAM, "docs")
REFUSE = os.path.join(FAM, "refuse")

GOLD_COLS = ["doc", "family", "indicator", "target_text", "actual_text", "full_score", "self_score",
             "expected_verdict", "note"]
FUNDS_COLS = ["doc", "budget", "executed", "unit", "rate", "full_score", "self_score"]
META_COLS = ["doc", "family", "organization", "year", "period"]
FAMILIES = {"performance", "progress", "report"}
VERDICTS = {"met", "not_met", "qualitative_met", "qualitative_not_met", "unclear"}


class Cells(html.parser.HTMLParser):
    """Texts of the <td>/<th>/<p>/<h*>/<title>/<li> elements of a page."""

    BLOCK = {"td", "th", "p", "h1", "h2", "h3", "h4", "title", "li", "div", "span", "a", "label"}

    def __init__(self):
        super().__init__()
        self.stack = []
        self.out = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCK:
            self.stack.append([])
        elif tag == "br" and self.stack:
            self.stack[-1].append("\n")

    def handle_endtag(self, tag):
        if tag in self.BLOCK and self.stack:
            text = "".join(self.stack.pop())
            self.out.append(text)
            if self.stack:
                self.stack[-1].append(text)

    def handle_data(self, data):
        if self.stack:
            self.stack[-1].append(data)


def read_txt(path):
    raw = open(path, "rb").read()
    try:
        return [raw.decode("utf-8")]
    except UnicodeDecodeError:
        return [raw.decode("gb18030")]


def read_html(path):
    p = Cells()
    p.feed(open(path, encoding="utf-8").read())
    return [t.replace("\xa0", " ") for t in p.out]


def read_docx(path):
    import docx

    d = docx.Document(path)
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                out.append(c.text)
    return out


def read_xlsx(path):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    v = c.value
                    if isinstance(v, float) and v.is_integer():
                        v = int(v)
                    out.append(str(v))
    return out


def read_pdf(path):
    out = []
    for args in (["-layout"], []):
        text = subprocess.run(["pdftotext", *args, path, "-"], check=True, capture_output=True).stdout.decode("utf-8")
        out += ["".join(line.split()) for line in text.splitlines()]
    return out


READERS = {".txt": read_txt, ".html": read_html, ".docx": read_docx, ".xlsx": read_xlsx, ".pdf": read_pdf}


def texts(path):
    return READERS[os.path.splitext(path)[1]](path)


def load_tsv(name, cols, fails):
    path = os.path.join(FAM, name)
    if not os.path.exists(path):
        fails.append("%s: missing" % name)
        return []
    lines = open(path, encoding="utf-8").read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != cols:
        fails.append("%s: header is not %s" % (name, "\t".join(cols)))
        return []
    rows = []
    for i, line in enumerate(lines[1:], 2):
        f = line.split("\t")
        if len(f) != len(cols):
            fails.append("%s:%d: %d fields, want %d" % (name, i, len(f), len(cols)))
            continue
        rows.append((i, dict(zip(cols, f))))
    return rows


def main():
    fails = []
    docs = sorted(os.listdir(DOCS))
    refuse = sorted(os.listdir(REFUSE))
    cache = {}
    gold = load_tsv("gold.tsv", GOLD_COLS, fails)
    seen = {}
    for i, g in gold:
        doc = g["doc"]
        path = os.path.join(DOCS, doc)
        if doc not in docs:
            fails.append("gold.tsv:%d: no document %s" % (i, doc))
            continue
        if g["family"] not in FAMILIES:
            fails.append("gold.tsv:%d: family %r" % (i, g["family"]))
        if g["expected_verdict"] not in VERDICTS:
            fails.append("gold.tsv:%d: verdict %r" % (i, g["expected_verdict"]))
        seen.setdefault(doc, set()).add(g["family"])
        if doc not in cache:
            cache[doc] = texts(path)
        ts = cache[doc]
        if not g["target_text"]:
            fails.append("gold.tsv:%d: empty target_text" % i)
        for col in ("target_text", "actual_text"):
            s = g[col]
            if path.endswith(".pdf"):
                # pdftotext prints a space where CJK meets digits or Latin
                # letters (新建中小学校 5 所): compare with whitespace removed
                s = "".join(s.split())
            if s and not any(s in t for t in ts):
                fails.append("gold.tsv:%d: %s %r not in %s" % (i, col, s, doc))
        if not g["actual_text"] and g["expected_verdict"] != "unclear":
            fails.append("gold.tsv:%d: blank actual_text but verdict %s" % (i, g["expected_verdict"]))
    for doc, fams in seen.items():
        if len(fams) != 1:
            fails.append("gold.tsv: %s has families %s" % (doc, sorted(fams)))
    for doc in docs:
        if doc not in seen:
            fails.append("docs/%s: no gold rows" % doc)
    for doc in refuse:
        if doc in seen:
            fails.append("refuse/%s: has gold rows" % doc)
    for i, f in load_tsv("funds.tsv", FUNDS_COLS, fails):
        if f["doc"] not in docs:
            fails.append("funds.tsv:%d: no document %s" % (i, f["doc"]))
            continue
        if seen.get(f["doc"]) != {"performance"}:
            fails.append("funds.tsv:%d: %s is not a performance document" % (i, f["doc"]))
        plain = [t.replace(",", "") for t in cache.get(f["doc"], [])]
        for col in ("budget", "executed", "full_score", "self_score"):
            if f[col] and not any(f[col] in t for t in plain):
                fails.append("funds.tsv:%d: %s %r not in %s" % (i, col, f[col], f["doc"]))
    # the gold of the generated documents is also kept next to their data
    gen = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make-family-corpus.py"), "--gold"],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    gen_docs = {line.split("\t")[0] for line in gen}
    have = ["\t".join(g[c] for c in GOLD_COLS) for _, g in gold if g["doc"] in gen_docs]
    if have != gen:
        for line in sorted(set(have) ^ set(gen)):
            fails.append("gold.tsv and make-family-corpus.py --gold differ: %s" % line)
        if set(have) == set(gen):
            fails.append("gold.tsv and make-family-corpus.py --gold differ in order")
    meta = load_tsv("meta.tsv", META_COLS, fails)
    in_meta = set()
    for i, m in meta:
        in_meta.add(m["doc"])
        if m["doc"] not in docs:
            fails.append("meta.tsv:%d: no document %s" % (i, m["doc"]))
        elif seen.get(m["doc"]) != {m["family"]}:
            fails.append("meta.tsv:%d: family %s disagrees with gold" % (i, m["family"]))
    for doc in docs:
        if doc not in in_meta:
            fails.append("meta.tsv: %s missing" % doc)
    for f in fails:
        print(f)
    n = len(gold)
    print("%d gold rows, %d documents, %d refused documents: %s" % (
        n, len(docs), len(refuse), "FAIL (%d)" % len(fails) if fails else "ok"))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
