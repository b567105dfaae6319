#!/usr/bin/env python3
"""Makes the foreign-text fixtures of tests/foreign.rs from a source text.

For each source (the reference table and a tests/corpus table) it reads the
cells with `kaohe check --format json` (the source as kaohe reads it), then
writes:
  NAME.tab.txt           the cells joined by tabs (Word/Excel copy): a title,
                         a 填报单位/填报日期 line, the header, one row a line, a
                         dimension written once (empty under a merge), a cell
                         holding line breaks quoted "…" as Excel copies it
  NAME.docx -> NAME.pdf  (python-docx, LibreOffice headless; not committed)
  NAME.pdftotext.txt     `pdftotext` default mode
  NAME.layout.txt        `pdftotext -layout`
  ningchuan.merged-layout.txt  `pdftotext -layout` of the table with its
                         dimension cells merged down
Run from the repository root: python3 crates/kaohe-core/tests/data/foreign/make.py BINARY
"""
import json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = [("beijing", "examples/beijing-2022.txt"),
           ("ningchuan", "tests/corpus/01_ningchuan_eco_2023.txt"),
           ("yunlan", "tests/corpus/03_yunlan_health_2024.txt"),
           ("qingshi", "tests/corpus/09_qingshi_civil_2022.txt")]
HEADER = ["考评维度", "自查内容（年度任务）", "落实情况", "存在问题及原因"]


def cells(binary, path):
    out = subprocess.run([binary, "check", path, "--format", "json"],
                         capture_output=True, check=True).stdout
    return json.loads(out)


def tab_text(r):
    lines = [r["title"], "填报单位（盖章）：" + r["organization"] + "\t填报日期：2023年1月10日",
             "\t".join(HEADER)]
    last = None
    for k, t in enumerate(r["tasks"]):
        dim = t["dimension"] if t["dimension"] != last else ""
        last = t["dimension"]
        content = "\n".join(t["items"]) if len(t["items"]) > 1 else t["content"]
        status = "\n".join(t["status_items"]) if len(t["status_items"]) > 1 else t["status"]
        row = []
        for c in [dim, content, status, t["problems"]]:
            row.append('"' + c.replace('"', '""') + '"' if "\n" in c else c)
        lines.append("\t".join(row))
    return "\n".join(lines) + "\n"


def docx(r, path, merged=False):
    import docx as d
    from docx.shared import Pt
    doc = d.Document()
    doc.add_paragraph(r["title"])
    doc.add_paragraph("填报单位（盖章）：" + r["organization"])
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for i, h in enumerate(HEADER):
        table.rows[0].cells[i].text = h
    start, last = None, None
    for t in r["tasks"]:
        cs = table.add_row().cells
        if merged and t["dimension"] == last:
            # The dimension merged down, as agencies draw it.
            table.cell(start, 0).merge(table.cell(len(table.rows) - 1, 0))
        else:
            cs[0].text = t["dimension"]
            start, last = len(table.rows) - 1, t["dimension"]
        cs[1].text = "\n".join(t["items"]) if len(t["items"]) > 1 else t["content"]
        cs[2].text = "\n".join(t["status_items"]) if len(t["status_items"]) > 1 else t["status"]
        cs[3].text = t["problems"]
    doc.save(path)


def main():
    binary = sys.argv[1]
    tmp = tempfile.mkdtemp()
    for name, src in SOURCES:
        r = cells(binary, src)
        with open(os.path.join(HERE, name + ".tab.txt"), "w") as f:
            f.write(tab_text(r))
        dx = os.path.join(tmp, name + ".docx")
        docx(r, dx)
        subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + tmp + "/profile", "--convert-to", "pdf", "--outdir", tmp, dx],
                       check=True, capture_output=True)
        pdf = os.path.join(tmp, name + ".pdf")
        subprocess.run(["pdftotext", pdf, os.path.join(HERE, name + ".pdftotext.txt")], check=True)
        subprocess.run(["pdftotext", "-layout", pdf, os.path.join(HERE, name + ".layout.txt")],
                       check=True)
        if name == "ningchuan":
            # Merged dimension cells: pdftotext -layout closes up the empty
            # column under them, moving task cells left (refused for now).
            dx = os.path.join(tmp, name + "_merged.docx")
            docx(r, dx, merged=True)
            subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + tmp + "/profile",
                            "--convert-to", "pdf", "--outdir", tmp, dx], check=True, capture_output=True)
            subprocess.run(["pdftotext", "-layout", os.path.join(tmp, name + "_merged.pdf"),
                            os.path.join(HERE, name + ".merged-layout.txt")], check=True)


if __name__ == "__main__":
    main()
