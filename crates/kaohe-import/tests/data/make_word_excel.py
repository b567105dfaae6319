#!/usr/bin/env python3
"""Makes the Word and Excel fixtures of tests/word_excel.rs: self-check tables
as other software writes them (python-docx, openpyxl), small enough to commit.

    python3 crates/kaohe-import/tests/data/make_word_excel.py

- word-split.docx: the title over two paragraphs, 填报单位（盖章）and 填报日期
  lines, the table split into three: page 1, page 2 with its header repeated,
  and a third part with no header at all; a table of contacts without the
  self-check header before it.
- word-two-row-header.docx: 完成情况 spanning 落实情况 | 存在问题及原因 (gridSpan),
  考评维度 and 自查内容 merged down over both header rows (vMerge); the
  dimension merged down its tasks; a 备注 column; the header repeated.
- word-numbering.docx: items numbered by Word (numbering.xml): 1. 2. 3.
  (decimal), （一）（二） (chineseCounting), 一、二、 (chineseCountingThousand),
  each cell's list restarting at 1 as Word's "restart numbering" writes it;
  a cell numbered by its paragraphs' style (List Number, styles.xml).
- excel-two-row-header.xlsx: the same two-row header as merged cells, a title
  with no organization and a 填报单位 row naming it; the header repeated; a
  second sheet of notes.
- libreoffice-*.docx / .xlsx: each of them saved again by LibreOffice
  (docx → odt → docx, xlsx → ods → xlsx), with `--libreoffice` (needs
  soffice on the PATH).
"""

import copy
import os

import docx
import openpyxl
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ["考评维度", "自查内容（年度任务）", "落实情况", "存在问题及原因"]


def fixed(doc):
    """The same bytes each run: no creation time in the properties."""
    import datetime

    when = datetime.datetime(2024, 1, 10)
    doc.core_properties.created = when
    doc.core_properties.modified = when
    doc.core_properties.last_printed = when
    doc.core_properties.author = "kaohe"
    doc.core_properties.last_modified_by = "kaohe"
    return doc


def table(doc, rows):
    t = doc.add_table(rows=0, cols=len(rows[0]))
    t.style = "Table Grid"
    for r in rows:
        cells = t.add_row().cells
        for c, text in zip(cells, r):
            c.text = text
    return t


def split():
    doc = docx.Document()
    doc.add_paragraph("附件2")
    doc.add_paragraph("某某市应急管理局")
    doc.add_paragraph("2023年度日常履职自查表")
    doc.add_paragraph("填报单位（盖章）：某某市应急管理局        填报日期：2024年1月10日")
    table(doc, [["联系人", "电话"], ["张三", "12345678"]])
    doc.add_paragraph("")
    table(
        doc,
        [
            HEADER,
            ["安全生产", "1.开展安全生产检查120次。", "全年开展检查126次。", "无"],
            ["安全生产", "2.培训企业负责人300人次。", "培训企业负责人312人次。", "无"],
            ["应急救援", "3.组织应急演练4次。", "组织应急演练4次。", "无"],
        ],
    )
    doc.add_paragraph("").add_run().add_break(WD_BREAK.PAGE)
    table(
        doc,
        [
            HEADER,
            ["应急救援", "4.新建应急避难场所2个。", "已建成1个，另1个完成主体工程。", "受用地审批影响，进度滞后。"],
            ["防灾减灾", "5.更新灾害信息员500名。", "更新灾害信息员520名。", "无"],
        ],
    )
    doc.add_paragraph("（续表）")
    table(
        doc,
        [
            ["防灾减灾", "6.建成综合减灾示范社区3个。", "建成综合减灾示范社区3个。", "无"],
            ["党的建设", "7.开展党风廉政教育6次。", "开展党风廉政教育6次。", "无"],
        ],
    )
    fixed(doc).save(os.path.join(HERE, "word-split.docx"))


def two_row_header():
    doc = docx.Document()
    doc.add_paragraph("某某县市场监督管理局2023年度工作任务自查表")
    doc.add_paragraph("填报日期：2024年1月8日")
    t = doc.add_table(rows=7, cols=5)
    t.style = "Table Grid"
    head = ["考评维度", "自查内容（年度任务）", "完成情况", "", "备注"]
    for c, text in zip(t.rows[0].cells, head):
        c.text = text
    sub = t.rows[1].cells
    sub[2].text = "落实情况"
    sub[3].text = "存在问题及原因"
    t.cell(0, 0).merge(t.cell(1, 0))
    t.cell(0, 1).merge(t.cell(1, 1))
    t.cell(0, 4).merge(t.cell(1, 4))
    t.cell(0, 2).merge(t.cell(0, 3)).text = "完成情况"
    body = [
        ["食品安全", "1.完成食品抽检1500批次。", "完成食品抽检1560批次。", "无", ""],
        ["", "2.食品抽检合格率不低于97%。", "抽检合格率98.2%。", "无", ""],
        ["", "3.创建放心消费示范店20家。", "创建示范店16家。", "部分商户整改未到位。", "结转下年"],
        ["知识产权", "4.新增有效发明专利300件。", "新增有效发明专利341件。", "无", ""],
        HEADER[:2] + HEADER[2:] + [""],
    ]
    for i, r in enumerate(body):
        for c, text in zip(t.rows[2 + i].cells, r):
            c.text = text
    # The dimension merged down its tasks, as Word writes it.
    t.cell(2, 0).merge(t.cell(4, 0))
    t.cell(2, 0).text = "食品安全"
    # The last row: the header repeated where a page breaks.
    row = t.add_row().cells
    for c, text in zip(row, ["知识产权", "5.开展知识产权执法检查10次。", "开展执法检查12次。", "无", ""]):
        c.text = text
    fixed(doc).save(os.path.join(HERE, "word-two-row-header.docx"))


def numbered(doc, abstract_format, text):
    """A numbering definition (one level) in numbering.xml; its abstractNumId."""
    numbering = doc.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    aid = max(ids + [0]) + 1
    a = OxmlElement("w:abstractNum")
    a.set(qn("w:abstractNumId"), str(aid))
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in [("w:start", "1"), ("w:numFmt", abstract_format), ("w:lvlText", text)]:
        e = OxmlElement(tag)
        e.set(qn("w:val"), val)
        lvl.append(e)
    a.append(lvl)
    # abstractNum elements come before num elements.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(a)
    else:
        numbering.append(a)
    return aid


def new_list(doc, aid):
    """A list of the definition, restarting at 1; its numId."""
    numbering = doc.part.numbering_part.element
    num = numbering.add_num(aid)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    return num.numId


def items(cell, num_id, texts):
    """Paragraphs numbered by Word: the number is not in the text."""
    cell.text = ""
    for k, text in enumerate(texts):
        p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        p.add_run(text)
        ppr = p._p.get_or_add_pPr()
        num_pr = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), "0")
        nid = OxmlElement("w:numId")
        nid.set(qn("w:val"), str(num_id))
        num_pr.append(ilvl)
        num_pr.append(nid)
        ppr.append(num_pr)


def numbering():
    doc = docx.Document()
    doc.add_paragraph("某某区教育局2023年度日常履职自查表")
    decimal = numbered(doc, "decimal", "%1.")
    chinese = numbered(doc, "chineseCounting", "（%1）")
    thousand = numbered(doc, "chineseCountingThousand", "%1、")
    t = table(
        doc,
        [
            HEADER,
            ["教育发展", "", "", "无"],
            ["教育发展", "", "", "无"],
            ["队伍建设", "", "", "无"],
            ["队伍建设", "", "完成职称评审。校长轮岗交流32人。", "无"],
        ],
    )
    cells = [r.cells for r in t.rows]
    items(cells[1][1], new_list(doc, decimal), ["新建幼儿园3所。", "新增学位1200个。", "培训教师800人次。"])
    items(cells[1][2], new_list(doc, decimal), ["新建幼儿园3所。", "新增学位1350个。", "培训教师820人次。"])
    items(cells[2][1], new_list(doc, chinese), ["改造薄弱学校5所。", "配备校医20名。"])
    items(cells[2][2], new_list(doc, chinese), ["改造薄弱学校5所。", "配备校医18名。"])
    items(cells[3][1], new_list(doc, thousand), ["招聘教师150名。", "开展师德培训2次。"])
    items(cells[3][2], new_list(doc, thousand), ["招聘教师150名。", "开展师德培训2次。"])
    # Numbered by the paragraph style (List Number), as python-docx and
    # Word's style gallery write it: the list is the style's.
    cell = cells[4][1]
    cell.text = ""
    cell.paragraphs[0].add_run("完成职称评审。")
    cell.paragraphs[0].style = doc.styles["List Number"]
    cell.add_paragraph("推进校长轮岗交流30人。", style="List Number")
    fixed(doc).save(os.path.join(HERE, "word-numbering.docx"))


def excel():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自查表"
    ws.append(["2023年度日常履职自查表"])
    ws.merge_cells("A1:D1")
    ws.append(["填报单位（盖章）：某某市生态环境局", None, "填报日期：2024年1月9日"])
    ws.append(["考评维度", "自查内容（年度任务）", "完成情况", None])
    ws.append([None, None, "落实情况", "存在问题及原因"])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:D3")
    ws.append(["污染防治", "1.PM2.5平均浓度控制在35微克/立方米以下。", "PM2.5平均浓度32微克/立方米。", "无"])
    ws.append([None, "2.完成30个村生活污水治理。", "完成26个村生活污水治理。", "资金到位晚，4个村结转。"])
    ws.merge_cells("A5:A6")
    ws.append(["生态保护", "3.新增造林面积5000亩。", "新增造林面积5200亩。", "无"])
    ws.append([None, None, "落实情况", "存在问题及原因"])
    ws.append(["生态保护", "4.开展执法检查200次。", "开展执法检查236次。", "无"])
    notes = wb.create_sheet("填表说明")
    notes.append(["请按年度任务逐项填写落实情况。"])
    wb.properties.creator = "kaohe"
    import datetime

    wb.properties.created = datetime.datetime(2024, 1, 10)
    wb.properties.modified = datetime.datetime(2024, 1, 10)
    wb.save(os.path.join(HERE, "excel-two-row-header.xlsx"))


def libreoffice():
    import shutil
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for name, there, back in [
            ("word-split.docx", "odt", "docx:MS Word 2007 XML"),
            ("word-two-row-header.docx", "odt", "docx:MS Word 2007 XML"),
            ("word-numbering.docx", "odt", "docx:MS Word 2007 XML"),
            ("excel-two-row-header.xlsx", "ods", "xlsx:Calc MS Excel 2007 XML"),
        ]:
            stem, ext = os.path.splitext(name)
            one = os.path.join(tmp, "one")
            two = os.path.join(tmp, "two")
            run = lambda *a: subprocess.run(["soffice", "--headless", *a], check=True, capture_output=True)
            run("--convert-to", there, "--outdir", one, os.path.join(HERE, name))
            run("--convert-to", back, "--outdir", two, os.path.join(one, f"{stem}.{there}"))
            shutil.copy(os.path.join(two, name), os.path.join(HERE, f"libreoffice-{name}"))
            print(f"libreoffice-{name}", file=sys.stderr)


if __name__ == "__main__":
    import sys

    split()
    two_row_header()
    numbering()
    excel()
    if "--libreoffice" in sys.argv:
        libreoffice()
