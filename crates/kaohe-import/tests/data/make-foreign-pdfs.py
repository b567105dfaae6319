#!/usr/bin/env python3
"""Makes the foreign PDFs of the reference table (examples/beijing-2022.txt).

    python3 crates/kaohe-import/tests/data/make-foreign-pdfs.py [KAOHE_BINARY]

The table's cells come from kaohe's own reading of the text (`kaohe check
--format json`), each cell split into paragraphs before its item numbers.
Then, the way agency clerks produce them:

- beijing-2022-word.docx (python-docx: one table, the dimension merged down,
  the header row NOT marked to repeat) -> beijing-2022-libreoffice.pdf
  (`soffice --headless --convert-to pdf`): pages 2.. have no header row;
- beijing-2022.html (a <table>, the header in <thead>, rowspan for the
  dimension) -> beijing-2022-chromium.pdf (`chromium --headless
  --print-to-pdf`): one text run per glyph, the header repeated by Chromium.

Only the PDFs are kept (CI needs neither LibreOffice nor Chromium).
"""
import html, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
TEXT = os.path.join(ROOT, "examples", "beijing-2022.txt")
HEADER = ["考评维度", "自查内容（年度任务）", "落实情况", "存在问题及原因"]


def paragraphs(text):
    # A new paragraph before `N.` (not a decimal) at the start or after a sentence end.
    parts = re.split(r"(?<=[。；：])(?=\d{1,2}\.\D)", text)
    return [p for p in parts if p.strip()]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "debug", "kaohe")
    out = subprocess.run([binary, "check", TEXT, "--format", "json"], capture_output=True, text=True)
    report = json.loads(out.stdout)
    title = report["title"]
    rows = [(t["dimension"], paragraphs(t["content"]), paragraphs(t["status"]), paragraphs(t["problems"]))
            for t in report["tasks"]]
    tmp = tempfile.mkdtemp()

    import docx
    from docx.shared import Pt, Cm
    from docx.oxml.ns import qn

    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    section = d.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    d.add_paragraph(title)
    table = d.add_table(rows=1 + len(rows), cols=4)
    table.style = "Table Grid"
    for j, h in enumerate(HEADER):
        table.rows[0].cells[j].text = h
    widths = [Cm(2.2), Cm(4.5), Cm(8.0), Cm(2.3)]
    for i, (dim, content, status, problems) in enumerate(rows, start=1):
        cells = table.rows[i].cells
        for j, paras in ((1, content), (2, status), (3, problems)):
            cells[j].text = paras[0] if paras else ""
            for p in paras[1:]:
                cells[j].add_paragraph(p)
    merged = table.cell(1, 0).merge(table.cell(len(rows), 0))
    merged.text = rows[0][0]
    for r in table.rows:
        for j, w in enumerate(widths):
            r.cells[j].width = w
    docx_path = os.path.join(tmp, "beijing-2022-word.docx")
    d.save(docx_path)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, docx_path],
                   check=True, capture_output=True)
    os.replace(os.path.join(tmp, "beijing-2022-word.pdf"), os.path.join(HERE, "beijing-2022-libreoffice.pdf"))

    def cell(paras):
        return "".join(f"<p>{html.escape(p)}</p>" for p in paras)

    body = []
    for i, (dim, content, status, problems) in enumerate(rows):
        dim_cell = f'<td rowspan="{len(rows)}">{html.escape(dim)}</td>' if i == 0 else ""
        body.append(f"<tr>{dim_cell}<td>{cell(content)}</td><td>{cell(status)}</td><td>{cell(problems)}</td></tr>")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: "Noto Serif CJK SC", serif; font-size: 10.5pt; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #000; padding: 3px; vertical-align: top; }}
p {{ margin: 0; }}
h1 {{ font-size: 16pt; text-align: center; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<table>
<colgroup><col style="width:11%"><col style="width:25%"><col style="width:50%"><col style="width:14%"></colgroup>
<thead><tr>{''.join(f'<th>{h}</th>' for h in HEADER)}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table></body></html>
"""
    html_path = os.path.join(tmp, "beijing-2022.html")
    with open(html_path, "w", encoding="utf-8") as f:
        f.write(page)
    pdf = os.path.join(HERE, "beijing-2022-chromium.pdf")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", "file://" + html_path], check=True, capture_output=True)
    print("wrote", os.path.join(HERE, "beijing-2022-libreoffice.pdf"), pdf)


if __name__ == "__main__":
    main()
