#!/usr/bin/env python3
"""Makes the OpenDocument and old Word fixtures of kaohe-import.

A small self-check table and a progress table, written as .docx (python-docx)
and .xlsx (openpyxl), then converted by LibreOffice headless: .docx to .odt and
.doc, .xlsx to .ods. The files are committed (crates/kaohe-import/tests/data/odf),
so the tests do not need LibreOffice. The Word and Excel documents of the family
corpus (crates/kaohe-cli/tests/families/docs) are converted too, into families/.
Run this again to remake them:

    python3 scripts/make-odf-fixtures.py
"""
import os
import subprocess
import sys
import tempfile

import docx
import openpyxl

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "kaohe-import", "tests", "data", "odf")

TITLE = "云岭市市场监督管理局2023年度工作任务自查表"
HEADER = ["考评维度", "自查内容（年度任务）", "落实情况", "存在问题及原因"]
ROWS = [
    ("履职尽责", ["1.全年抽检食品批次不少于3000批次。", "2.办结投诉举报1200件。"],
     ["1.全年抽检食品3125批次。", "2.办结投诉举报1186件。"], "投诉量下降，办结数略低于目标。"),
    ("履职尽责", ["新增市场主体8000户。"], ["新增市场主体8420户。"], "无"),
    ("服务发展", ["完成特种设备定期检验率100%。"], ["特种设备定期检验率98.6%。"], "部分设备停用待检。"),
    # An empty last cell: in a .doc its cell mark and the row's end mark stand
    # side by side, told apart only by the paragraph properties.
    ("服务发展", ["开展质量提升行动2次。"], ["开展质量提升行动2次。"], ""),
]
PROGRESS_TITLE = "某某区交通运输局2024年1-10月重点工作进度表"
PROGRESS_HEADER = ["序号", "指标", "年度目标", "1-10月完成", "完成率"]
PROGRESS = [
    ("1", "新改建农村公路", "120公里", "98公里", "81.7%"),
    ("2", "新增公交线路", "6条", "6条", "100%"),
    ("3", "完成交通固定资产投资", "15亿元", "11.2亿元", "74.7%"),
]


def selfcheck_docx(path):
    d = docx.Document()
    d.add_paragraph(TITLE)
    t = d.add_table(rows=1 + len(ROWS), cols=4)
    for i, h in enumerate(HEADER):
        t.rows[0].cells[i].text = h
    for r, (dim, content, status, problems) in enumerate(ROWS, start=1):
        cells = t.rows[r].cells
        cells[0].text = dim
        cells[1].text = content[0]
        for p in content[1:]:
            cells[1].add_paragraph(p)
        cells[2].text = status[0]
        for p in status[1:]:
            cells[2].add_paragraph(p)
        cells[3].text = problems
    # The first dimension merged down its two rows, as clerks do.
    a = t.cell(1, 0)
    b = t.cell(2, 0)
    b.text = ""
    a.merge(b)
    a.text = "履职尽责"
    d.add_paragraph("填表说明：按年度任务逐项填写。")
    d.save(path)


def numbered_docx(path):
    """Word's automatic numbering (the List Number style): the numbers are
    not text in the file, only in what Word shows."""
    d = docx.Document()
    d.add_paragraph("某某局2023年度自查表")
    t = d.add_table(rows=2, cols=3)
    for i, h in enumerate(["考评维度", "自查内容（年度任务）", "落实情况"]):
        t.rows[0].cells[i].text = h
    c = t.rows[1].cells
    c[0].text = "履职"
    c[1].paragraphs[0].text = "新增基站10个"
    c[1].paragraphs[0].style = "List Number"
    c[1].add_paragraph("建成展厅1个", style="List Number")
    c[2].text = "已新增12个"
    d.save(path)


def selfcheck_xlsx(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自查表"
    ws.append([TITLE])
    ws.append(HEADER)
    for dim, content, status, problems in ROWS:
        ws.append([dim, "\n".join(content), "\n".join(status), problems])
    ws.merge_cells("A3:A4")
    wb.save(path)


def progress_docx(path):
    d = docx.Document()
    d.add_paragraph(PROGRESS_TITLE)
    t = d.add_table(rows=1 + len(PROGRESS), cols=len(PROGRESS_HEADER))
    for i, h in enumerate(PROGRESS_HEADER):
        t.rows[0].cells[i].text = h
    for r, row in enumerate(PROGRESS, start=1):
        for i, v in enumerate(row):
            t.rows[r].cells[i].text = v
    d.save(path)


def progress_xlsx(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "进度"
    ws.append([PROGRESS_TITLE])
    ws.append(PROGRESS_HEADER)
    for row in PROGRESS:
        ws.append(list(row))
    wb.save(path)


def convert(src, to, outdir):
    subprocess.run(
        ["soffice", "--headless", "--convert-to", to, "--outdir", outdir, src],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        made = {
            "selfcheck.docx": selfcheck_docx,
            "selfcheck.xlsx": selfcheck_xlsx,
            "progress.docx": progress_docx,
            "progress.xlsx": progress_xlsx,
            "numbered.docx": numbered_docx,
        }
        for name, make in made.items():
            make(os.path.join(OUT, name))
        for name, to in [
            ("selfcheck.docx", "odt"), ("selfcheck.docx", "doc"),
            ("selfcheck.xlsx", "ods"),
            ("selfcheck.docx", "fodt"), ("selfcheck.xlsx", "fods"),
            ("numbered.docx", "odt"), ("numbered.docx", "doc"),
            ("progress.docx", "odt"), ("progress.docx", "doc"),
            ("progress.xlsx", "ods"),
        ]:
            convert(os.path.join(OUT, name), to, OUT)
    families = os.path.join(os.path.dirname(__file__), "..", "crates", "kaohe-cli", "tests", "families", "docs")
    fam_out = os.path.join(OUT, "families")
    os.makedirs(fam_out, exist_ok=True)
    for name in sorted(os.listdir(families)):
        src = os.path.join(families, name)
        if name.endswith(".docx"):
            convert(src, "odt", fam_out)
            convert(src, "doc", fam_out)
        elif name.endswith(".xlsx"):
            convert(src, "ods", fam_out)
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(os.path.join(OUT, f)), file=sys.stderr)


if __name__ == "__main__":
    main()
