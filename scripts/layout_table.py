#!/usr/bin/env python3
"""Lay out a year-end self-check table (自查表) as PDF-extracted-like text.

Usage:
    python3 scripts/layout_table.py SPEC.json > OUT.txt

The output imitates text pulled out of a PDF of a 4-column table
考评维度 / 自查内容（年度任务） / 落实情况 / 存在问题及原因: every page
repeats the title, the column header and the current dimension; each row
is the task cell wrapped at ``content_width`` units, a blank line, the
status cell wrapped at ``status_width`` units, a blank line, the problems
cell, a blank line.  A CJK character or full-width punctuation mark is one
width unit, an ASCII character half a unit.  Pages are separated by three
blank lines.

Spec (JSON)::

    {
      "title": "…自查表",
      "columns_line": "考评维度 自查内容（年度任务） 落实情况 存在问题及原因",  # optional
      "content_width": 31, "status_width": 51, "problems_width": 12,
      "rows_per_page": 4,
      "dimensions": [
        {"name": "全面高效履职",
         "tasks": [
           {"content": ["1.…", "2.…"] or "one string",
            "status": ["已完成。", "1.…", "2.…"] or "one string",
            "problems": "无" or "text",
            "quirks": ["problems_inline", {"page_break_inside_row": 3}, …]}
         ]}
      ]
    }

Each string of ``content`` / ``status`` starts a new line (the strings
carry their own ``1.`` ``2.`` numbering, if any).  Content items follow
each other without blank lines, status paragraphs are separated by blank
lines, unless a quirk says otherwise.

Quirks (a string, or a one-key object ``{"name": argument}``):

  items_blank_separated       blank line between the content items
  blank_inside_wrap           blank line after every 2nd line of the content
                              cell, even in the middle of a sentence; with an
                              int argument n: every n lines; with a list: after
                              those line numbers (1-based)
  stray_period                the content cell's final 。 sits alone on a
                              line between blank lines
  status_tight                no blank lines between status paragraphs
  status_stray_period         the final 。 of a status paragraph (argument:
                              1-based paragraph, default the last) goes alone
                              on the next line, with no blank before it
  content_shares_status_line  a one-line content cell and the first status
                              line share one line, separated by one space
  problems_inline             the problems cell follows the last status line
                              after one space
  page_break_before           start a new page before this row
  page_break_inside_row       the status continues on the next page, after the
                              repeated title / header / dimension lines; the
                              argument is the number of status lines kept on
                              the first page (default: the first paragraph)
  no_blank_before             no blank line between the previous line (the
                              dimension name or the previous row) and this row

Only the Python 3 standard library is used.
"""

import json
import sys

DEFAULT_COLUMNS = "考评维度 自查内容（年度任务） 落实情况 存在问题及原因"

KNOWN_QUIRKS = {
    "items_blank_separated",
    "blank_inside_wrap",
    "stray_period",
    "status_tight",
    "status_stray_period",
    "content_shares_status_line",
    "problems_inline",
    "page_break_before",
    "page_break_inside_row",
    "no_blank_before",
}


def char_width(ch):
    """ASCII is half a unit; everything else (CJK, full-width marks) one."""
    return 0.5 if ord(ch) < 128 else 1.0


def text_width(s):
    return sum(char_width(c) for c in s)


def tokenize(s):
    """Split into wrap tokens: a run of non-space ASCII stays together
    (numbers, 5G, APP, 98%), every other character is its own token."""
    tokens = []
    run = ""
    for ch in s:
        if ord(ch) < 128 and not ch.isspace():
            run += ch
            continue
        if run:
            tokens.append(run)
            run = ""
        tokens.append(ch)
    if run:
        tokens.append(run)
    return tokens


# A line never starts with these: the last character of the previous line
# comes down with them.  、 is not in the list (the seed has a line opening
# with 、); a 。 alone on a line only comes from the stray-period quirks.
NO_LINE_START = set("，。；：）”》！？")


def wrap(s, width):
    """Greedy wrap at `width` units.  When the next line would open with
    ，。；：）” etc., the last character of the full line moves down with it
    (together with a number written right before it: 312个 stays whole)."""
    lines = []
    cur = []  # tokens of the current line
    cur_w = 0.0
    for tok in tokenize(s):
        tw = text_width(tok)
        if cur_w + tw <= width:
            cur.append(tok)
            cur_w += tw
            continue
        if tok.isspace():
            # a space at the wrap point disappears
            lines.append("".join(cur))
            cur, cur_w = [], 0.0
            continue
        carry = []
        if tok in NO_LINE_START and len(cur) >= 2:
            carry.insert(0, cur.pop())
            if len(cur) >= 2 and ord(cur[-1][0]) < 128 and not cur[-1].isspace():
                carry.insert(0, cur.pop())
        if cur:
            lines.append("".join(cur))
        cur = carry + [tok]
        cur_w = text_width("".join(cur))
        if cur_w > width:  # a token longer than the line: break it
            long_tok = "".join(cur)
            cur, cur_w = [], 0.0
            for ch in long_tok:
                cw = char_width(ch)
                if cur_w + cw > width and cur:
                    lines.append("".join(cur))
                    cur, cur_w = [], 0.0
                cur.append(ch)
                cur_w += cw
    if cur or not lines:
        lines.append("".join(cur))
    return [ln.rstrip() for ln in lines]


def as_list(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def parse_quirks(raw, where):
    quirks = {}
    for q in raw or []:
        if isinstance(q, str):
            name, arg = q, None
        elif isinstance(q, dict) and len(q) == 1:
            (name, arg), = q.items()
        else:
            raise SystemExit(f"{where}: bad quirk {q!r}")
        if name not in KNOWN_QUIRKS:
            raise SystemExit(f"{where}: unknown quirk {name!r}")
        quirks[name] = arg
    return quirks


def collapse_blanks(lines):
    """No two blank lines in a row, and none at either end."""
    out = []
    for ln in lines:
        if ln == "" and (not out or out[-1] == ""):
            continue
        out.append(ln)
    while out and out[-1] == "":
        out.pop()
    return out


def content_lines(task, width, quirks, where):
    items = as_list(task["content"])
    if not items:
        raise SystemExit(f"{where}: empty content")
    stray = "stray_period" in quirks
    if stray:
        if not items[-1].endswith("。"):
            raise SystemExit(f"{where}: stray_period needs content ending in 。")
        items = items[:-1] + [items[-1][:-1]]
    wrapped = [wrap(it, width) for it in items]

    # positions (count of non-blank lines so far) after which a blank goes
    blank_after = set()
    if "items_blank_separated" in quirks:
        n = 0
        for lines in wrapped[:-1]:
            n += len(lines)
            blank_after.add(n)
    if "blank_inside_wrap" in quirks:
        arg = quirks["blank_inside_wrap"]
        total = sum(len(x) for x in wrapped)
        if isinstance(arg, list):
            blank_after.update(int(a) for a in arg)
        else:
            every = int(arg) if arg is not None else 2
            blank_after.update(range(every, total, every))

    out = []
    n = 0
    for lines in wrapped:
        for ln in lines:
            out.append(ln)
            n += 1
            if n in blank_after:
                out.append("")
    out = collapse_blanks(out)
    if stray:
        out += ["", "。"]
    return out


def status_blocks(task, width, quirks, where):
    """The status cell as a list of paragraphs, each a list of lines."""
    paras = as_list(task["status"])
    if not paras:
        raise SystemExit(f"{where}: empty status")
    stray_idx = None
    if "status_stray_period" in quirks:
        arg = quirks["status_stray_period"]
        stray_idx = (int(arg) if arg is not None else len(paras)) - 1
        if not paras[stray_idx].endswith("。"):
            raise SystemExit(f"{where}: status_stray_period needs a paragraph ending in 。")
    blocks = []
    for i, p in enumerate(paras):
        if i == stray_idx:
            blocks.append(wrap(p[:-1], width) + ["。"])
        else:
            blocks.append(wrap(p, width))
    return blocks


def problems_lines(task, width):
    text = task.get("problems", "无")
    if text.strip() == "无":
        return ["无"]
    return wrap(text, width)


class Layout:
    def __init__(self, spec):
        self.title = spec["title"]
        self.columns = spec.get("columns_line") or DEFAULT_COLUMNS
        self.cw = spec.get("content_width", 31)
        self.sw = spec.get("status_width", 51)
        self.pw = spec.get("problems_width", 12)
        self.rows_per_page = spec.get("rows_per_page", 4)
        self.dimensions = spec["dimensions"]
        self.out = []
        self.rows_on_page = 0

    def start_page(self, dim):
        self.out += ["", self.title, "", self.columns, "", dim, ""]
        self.rows_on_page = 0

    def end_page(self):
        # the row already ended with a blank line; one more, and the next
        # page opens with a third
        self.out.append("")

    def page_break(self, dim):
        self.end_page()
        self.start_page(dim)

    def row(self, task, dim, where):
        quirks = parse_quirks(task.get("quirks"), where)
        c_lines = content_lines(task, self.cw, quirks, where)
        blocks = status_blocks(task, self.sw, quirks, where)
        p_lines = problems_lines(task, self.pw)
        tight = "status_tight" in quirks

        # the status as (line, is_paragraph_end) pairs
        s_lines = []
        for b in blocks:
            for j, ln in enumerate(b):
                s_lines.append((ln, j == len(b) - 1))

        if "no_blank_before" in quirks and self.out and self.out[-1] == "":
            self.out.pop()

        if "content_shares_status_line" in quirks:
            if len(c_lines) != 1:
                raise SystemExit(f"{where}: content_shares_status_line needs a one-line content cell")
            first, end = s_lines[0]
            s_lines[0] = (c_lines[0] + " " + first, end)
            head = []
        else:
            head = c_lines + [""]
        self.out += head

        break_after = None
        if "page_break_inside_row" in quirks:
            arg = quirks["page_break_inside_row"]
            break_after = int(arg) if arg is not None else len(blocks[0])
            if not 0 < break_after < len(s_lines):
                raise SystemExit(f"{where}: page_break_inside_row out of range")

        if "problems_inline" in quirks:
            if len(p_lines) != 1:
                raise SystemExit(f"{where}: problems_inline needs a one-line problems cell")
            ln, end = s_lines[-1]
            s_lines[-1] = (ln + " " + p_lines[0], end)
            p_lines = []

        for i, (ln, para_end) in enumerate(s_lines, start=1):
            self.out.append(ln)
            if break_after == i:
                self.out.append("")
                self.page_break(dim)
                continue
            if para_end and not tight and i < len(s_lines):
                self.out.append("")
        self.out.append("")
        if p_lines:
            self.out += p_lines + [""]
        self.rows_on_page += 1

    def render(self):
        cur_dim = None
        for d_i, dim in enumerate(self.dimensions, start=1):
            name = dim["name"]
            for t_i, task in enumerate(dim["tasks"], start=1):
                where = f"dimension {d_i} ({name}) task {t_i}"
                quirks = parse_quirks(task.get("quirks"), where)
                if cur_dim is None:
                    self.start_page(name)
                elif ("page_break_before" in quirks
                      or self.rows_on_page >= self.rows_per_page):
                    self.page_break(name)
                elif name != cur_dim:
                    self.out += [name, ""]
                cur_dim = name
                self.row(task, name, where)
        self.end_page()
        return "\n".join(self.out) + "\n"


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: layout_table.py SPEC.json > OUT.txt\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    sys.stdout.write(Layout(spec).render())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
