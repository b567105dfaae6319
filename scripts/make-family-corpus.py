#!/usr/bin/env python3
"""Write the binary and HTML documents of the family corpus.

Usage:
    python3 scripts/make-family-corpus.py            # write every file
    python3 scripts/make-family-corpus.py --gold     # print their gold rows (TSV) to stdout

The corpus lives in ``crates/kaohe-cli/tests/families/``: ``docs/`` holds
documents of the three families ``performance`` (绩效自评表), ``progress``
(进展情况表 / 完成情况表) and ``report`` (prose self-evaluation reports and
notices); ``refuse/`` holds documents of no family.  The plain-text
documents there are hand-written files; this script writes every ``.html``,
``.docx``, ``.xlsx`` and ``.pdf`` from the data below:

* ``.html``: a saved web page, site navigation around a real ``<table>``
  with ``rowspan``/``colspan``;
* ``.docx``: python-docx, 一级/二级指标 cells merged vertically;
* ``.xlsx``: openpyxl, merged cells;
* ``.pdf``: a docx of this script converted by LibreOffice
  (``soffice --headless --convert-to pdf``);
* ``*_lo.docx`` / ``*_lo.xlsx``: a docx/xlsx of this script re-saved by
  LibreOffice (``--convert-to docx`` / ``xlsx``).

Every table row that carries a target also carries its gold label (verdict
and note, set by hand by the rules of ``/work/shared/real/README.md``);
``--gold`` prints those rows in the column order of ``gold.tsv``, so the
labels sit next to the cells they judge.  The gold of the hand-written text
documents is in ``gold.tsv`` only.

Needs: python-docx, openpyxl, LibreOffice (soffice) and fonts-noto-cjk for
the PDFs.  The output is deterministic except for the timestamps that
docx/xlsx/pdf writers embed.
"""

import html
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
FAM = os.path.join(ROOT, "crates", "kaohe-cli", "tests", "families")
DOCS = os.path.join(FAM, "docs")
REFUSE = os.path.join(FAM, "refuse")


# ---------------------------------------------------------------------------
# A table model: rows of cells; a cell is a string or C(text, rs, cs).
# ---------------------------------------------------------------------------


class C:
    def __init__(self, text, rs=1, cs=1, bold=False):
        self.text, self.rs, self.cs, self.bold = text, rs, cs, bold


def cell(c):
    return c if isinstance(c, C) else C("" if c is None else str(c))


def place(rows):
    """Lay the HTML-style rows out on a grid: [(r, c, C)], n_rows, n_cols."""
    taken = set()
    out = []
    ncols = 0
    for r, row in enumerate(rows):
        c = 0
        for x in row:
            x = cell(x)
            while (r, c) in taken:
                c += 1
            out.append((r, c, x))
            for dr in range(x.rs):
                for dc in range(x.cs):
                    taken.add((r + dr, c + dc))
            c += x.cs
            ncols = max(ncols, c)
    for (r, c) in taken:
        ncols = max(ncols, c + 1)
    return out, len(rows), ncols


class Doc:
    """One document: paragraphs before, one or more tables, paragraphs after."""

    def __init__(self, name, family, blocks, gold, title=None, nav=None, footer=None):
        self.name, self.family, self.blocks, self.gold = name, family, blocks, gold
        self.title = title
        self.nav = nav or []
        self.footer = footer or []


# Blocks: ("p", text) | ("h", text) | ("table", rows, widths or None)


def G(indicator, target, actual, full, self_score, verdict, note=""):
    return [indicator, target, actual, full, self_score, verdict, note]


# ---------------------------------------------------------------------------
# Helpers that build 绩效自评表 grids (and gold rows) from nested groups.
# ---------------------------------------------------------------------------


def perf_rows(groups, cols, gold, level1_label=None):
    """groups: [(一级, [(二级, [row dict])])]; cols: keys of a row in column order
    after the three level columns.  A row dict holds the cells by key plus
    ``v`` (verdict) and ``n`` (note); keys: name, target, actual, full, self,
    reason, cmp, val, unit.  The gold target is ``val`` where the row has one."""
    rows = []
    for l1, seconds in groups:
        n1 = sum(len(rs) for _, rs in seconds)
        first1 = True
        for l2, rs in seconds:
            first2 = True
            for r in rs:
                row = []
                if first1:
                    row.append(C(l1, rs=n1))
                    first1 = False
                if first2:
                    row.append(C(l2, rs=len(rs)))
                    first2 = False
                row.append(r["name"])
                row += [r.get(k, "") for k in cols]
                rows.append(row)
                if "v" in r:
                    target = r["val"] if "val" in r else r["target"]
                    gold.append(G(r.get("g", r["name"]), target, r.get("actual", ""),
                                  r.get("full", ""), r.get("self", ""), r["v"], r.get("n", "")))
    return rows


def R(name, target, actual, full, self_score, v, n="", reason="", g=None):
    d = dict(name=name, target=target, actual=actual, full=full, self=self_score,
             v=v, n=n, reason=reason)
    if g:
        d["g"] = g
    return d


def RS(name, cmp, val, unit, actual, full, self_score, v, n="", reason="", g=None):
    d = dict(name=name, cmp=cmp, val=val, unit=unit, actual=actual, full=full,
             self=self_score, v=v, n=n, reason=reason)
    if g:
        d["g"] = g
    return d


# ---------------------------------------------------------------------------
# Renderers
# ---------------------------------------------------------------------------


def render_html(doc):
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           "<title>%s</title>" % e(doc.title or doc.name),
           "<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px}</style>",
           "</head>", "<body>"]
    if doc.nav:
        out.append('<div class="header"><ul class="nav">')
        for item in doc.nav:
            out.append('<li><a href="#">%s</a></li>' % e(item))
        out.append("</ul></div>")
    out.append('<div class="content">')
    for b in doc.blocks:
        if b[0] == "h":
            out.append("<h2>%s</h2>" % e(b[1]))
        elif b[0] == "p":
            out.append("<p>%s</p>" % e(b[1]))
        elif b[0] == "table":
            out.append('<table class="MsoNormalTable" border="1" cellspacing="0">')
            out.append("<tbody>")
            for row in b[1]:
                tds = []
                for x in row:
                    x = cell(x)
                    attrs = ""
                    if x.rs > 1:
                        attrs += ' rowspan="%d"' % x.rs
                    if x.cs > 1:
                        attrs += ' colspan="%d"' % x.cs
                    text = e(x.text).replace("\n", "<br>")
                    tds.append("<td%s>%s</td>" % (attrs, text if text else "&nbsp;"))
                out.append("<tr>" + "".join(tds) + "</tr>")
            out.append("</tbody></table>")
    out.append("</div>")
    if doc.footer:
        out.append('<div class="footer">')
        for f in doc.footer:
            out.append("<p>%s</p>" % e(f))
        out.append("</div>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def write_docx(doc, path, landscape=False, font_pt=10.5):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Pt, Cm

    d = Document()
    st = d.styles["Normal"]
    st.font.name = "Noto Sans CJK SC"
    st.font.size = Pt(font_pt)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    sec = d.sections[0]
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    sec.left_margin = sec.right_margin = Cm(1.5)
    for b in doc.blocks:
        if b[0] == "h":
            p = d.add_paragraph()
            run = p.add_run(b[1])
            run.bold = True
            run.font.size = Pt(font_pt + 3)
        elif b[0] == "p":
            d.add_paragraph(b[1])
        elif b[0] == "table":
            placed, nr, nc = place(b[1])
            t = d.add_table(rows=nr, cols=nc)
            t.style = "Table Grid"
            widths = b[2] if len(b) > 2 else None
            for (r, c, x) in placed:
                t.cell(r, c).text = x.text
            for (r, c, x) in placed:
                if x.rs > 1 or x.cs > 1:
                    t.cell(r, c).merge(t.cell(r + x.rs - 1, c + x.cs - 1))
            if widths:
                t.autofit = False
                grid = t._tbl.tblGrid
                for i, gc in enumerate(grid.findall(qn("w:gridCol"))):
                    if i < len(widths):
                        gc.set(qn("w:w"), str(int(Cm(widths[i]).twips)))
                for row in t.rows:
                    col = 0
                    for tc in row._tr.tc_lst:
                        span = tc.grid_span
                        tcW = tc.get_or_add_tcPr().get_or_add_tcW()
                        tcW.type = "dxa"
                        tcW.w = Cm(sum(widths[col:col + span]))
                        col += span
    d.save(path)


def write_xlsx(doc, path):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    r0 = 1
    for b in doc.blocks:
        if b[0] in ("h", "p"):
            ws.cell(row=r0, column=1, value=b[1])
            if b[0] == "h":
                ws.cell(row=r0, column=1).font = Font(bold=True, size=14)
            r0 += 1
        elif b[0] == "table":
            placed, nr, nc = place(b[1])
            for (r, c, x) in placed:
                v = x.text
                if v != "":
                    try:
                        if v.lstrip("-").replace(".", "", 1).isdigit() and not v.startswith("0") or v == "0":
                            v = int(v) if v.lstrip("-").isdigit() else float(v)
                    except ValueError:
                        pass
                    ws.cell(row=r0 + r, column=1 + c, value=v)
                ws.cell(row=r0 + r, column=1 + c).alignment = Alignment(wrap_text=True, vertical="center")
                if x.rs > 1 or x.cs > 1:
                    ws.merge_cells(start_row=r0 + r, start_column=1 + c,
                                   end_row=r0 + r + x.rs - 1, end_column=1 + c + x.cs - 1)
            widths = b[2] if len(b) > 2 else None
            if widths:
                from openpyxl.utils import get_column_letter
                for i, w in enumerate(widths):
                    ws.column_dimensions[get_column_letter(i + 1)].width = w * 4
            r0 += nr + 1
    wb.save(path)


def soffice(src, fmt, outdir):
    subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", outdir, src],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def emit(doc, form, outdir, **kw):
    """Write doc in form: html | docx | xlsx | pdf | lo_docx | lo_xlsx."""
    path = os.path.join(outdir, doc.name)
    if form == "html":
        with open(path, "w", encoding="utf-8") as f:
            f.write(render_html(doc))
    elif form == "docx":
        write_docx(doc, path, **kw)
    elif form == "xlsx":
        write_xlsx(doc, path)
    elif form in ("pdf", "lo_docx", "lo_xlsx"):
        with tempfile.TemporaryDirectory() as tmp:
            stem = os.path.splitext(doc.name)[0]
            if form == "lo_xlsx":
                src = os.path.join(tmp, stem + ".xlsx")
                write_xlsx(doc, src)
                fmt = "xlsx"
            else:
                src = os.path.join(tmp, stem + ".docx")
                write_docx(doc, src, **kw)
                fmt = "pdf" if form == "pdf" else "docx"
            out = os.path.join(tmp, "out")
            os.mkdir(out)
            soffice(src, fmt, out)
            shutil.move(os.path.join(out, stem + "." + fmt), path)
    else:
        raise ValueError(form)


# ---------------------------------------------------------------------------
# The documents
# ---------------------------------------------------------------------------

NAV_GOV = ["首页", "政务公开", "政务服务", "互动交流", "数据发布", "走进本地"]

DOCUMENTS = []  # (Doc, form, kwargs, outdir)


def add(doc, form, outdir=DOCS, **kw):
    DOCUMENTS.append((doc, form, kw, outdir))



# ---- performance -----------------------------------------------------------

PERF_HEAD = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
COLS_STD = ["target", "actual", "full", "self", "reason"]


def funds_rows(first, budget_rows, ncols=8):
    """The 项目资金 block of the 项目支出绩效自评表: label, 年初/全年预算数, 全年执行数, 分值, 执行率, 得分."""
    rows = [[C(first, rs=1 + len(budget_rows)), "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]]
    for br in budget_rows:
        rows.append(br)
    return rows


def perf_zhejiang_html():
    gold = []
    groups = [
        ("产出指标", [
            ("数量指标", [
                R("新建农村文化礼堂", "≥15个", "16个", "10", "10", "met"),
                R("送文化下乡演出场次", "120场", "108场", "10", "10", "not_met",
                  "90%; full marks claimed for a missed target (self-score above rule)",
                  reason="部分演出因天气原因取消"),
            ]),
            ("质量指标", [R("礼堂建设验收合格率", "100%", "100%", "10", "10", "met")]),
            ("时效指标", [R("项目完成时间", "2022年10月底前", "2022年10月28日", "5", "5", "met", "deadline met")]),
            ("成本指标", [R("单个礼堂建设成本", "控制在50万元以内", "48.6万元", "5", "5", "met", "ceiling (控制在…以内)")]),
        ]),
        ("效益指标", [
            ("社会效益指标", [
                R("群众文化活动参与人次", "年增长10%以上", "增长12.4%", "10", "10", "met", "growth floor"),
                R("农村精神文化生活", "明显丰富", "明显丰富", "10", "10", "qualitative_met"),
            ]),
            ("生态效益指标", [R("礼堂节能灯具使用率", "≥80%", "85%", "10", "10", "met")]),
            ("可持续影响指标", [R("礼堂长效管理机制", "建立健全", "已建立", "10", "10", "qualitative_met")]),
        ]),
        ("满意度指标", [
            ("服务对象满意度指标", [R("村民满意度", "≥90%", "88%", "10", "8", "not_met", "97.8% of the floor",
                                    reason="部分礼堂开放时间偏少，将延长开放时间")]),
        ]),
    ]
    rows = [
        [C("项目支出绩效自评表", cs=8)],
        [C("（2022年度）", cs=8)],
        ["项目名称", C("农村文化礼堂建设补助资金", cs=7)],
        ["主管部门", C("开化县委宣传部", cs=3), "实施单位", C("开化县文化广电旅游局", cs=3)],
        [C("项目资金（万元）", rs=4), "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "800", "760", "752.4", "10", "99%", "9.9"],
        ["其中：当年财政拨款", "800", "760", "752.4", "—", "—", "—"],
        ["其他资金", "", "", "", "—", "—", "—"],
        [C("年度总体目标", rs=2), C("预期目标", cs=3), C("实际完成情况", cs=4)],
        [C("新建农村文化礼堂15个，开展送文化下乡演出120场，丰富农村群众精神文化生活。", cs=3),
         C("新建农村文化礼堂16个，开展送文化下乡演出108场，农村群众精神文化生活明显丰富。", cs=4)],
        [C("绩效指标", rs=1 + 10)] + PERF_HEAD[:-1],
    ]
    rows += perf_rows(groups, ["target", "actual", "full", "self"], gold)
    rows.append(["总分", C("", cs=5), "100", "97.9"])
    gold.insert(0, G("年度总体目标", "新建农村文化礼堂15个，开展送文化下乡演出120场，丰富农村群众精神文化生活。",
                     "新建农村文化礼堂16个，开展送文化下乡演出108场，农村群众精神文化生活明显丰富。", "", "",
                     "not_met", "overall goal: halls met (16 of 15) but performances short (108 of 120)"))
    blocks = [("p", "开化县人民政府门户网站 > 信息公开 > 财政资金 > 绩效评价"),
              ("h", "开化县委宣传部2022年度农村文化礼堂建设补助资金绩效自评表"),
              ("p", "发布日期：2023-04-11　　信息来源：县委宣传部　　浏览次数：　　【字体：大 中 小】"),
              ("table", rows),
              ("p", "偏差原因：送文化下乡演出因天气原因取消12场；村民满意度略低于目标，将延长礼堂开放时间。"),
              ("p", "【打印本页】　【关闭窗口】")]
    return Doc("zhejiang_kaihua_culture_halls_2022.html", "performance", blocks, gold,
               title="开化县委宣传部2022年度农村文化礼堂建设补助资金绩效自评表", nav=NAV_GOV,
               footer=["主办：开化县人民政府办公室　网站标识码：3308240001", "浙ICP备05012345号"])


def perf_jiangxi_html():
    gold = []
    groups = [
        ("产出指标", [
            ("数量指标", [
                R("食品安全监督抽检", "4批次/千人", "4.2批次/千人", "10", "10", "met"),
                R("特种设备定期检验率", "≥99%", "99.6%", "10", "10", "met"),
            ]),
            ("质量指标", [R("抽检不合格产品核查处置率", "100%", "96%", "10", "10", "not_met",
                             "full marks claimed for a missed target (self-score above rule)")]),
            ("时效指标", [R("投诉举报按时办结率", "≥98%", "", "10", "", "unclear", "result and score cells blank")]),
            ("成本指标", [R("公用经费支出", "控制在预算以内", "未超预算", "10", "10", "qualitative_met",
                             "ceiling stated in words, result in words")]),
        ]),
        ("效益指标", [
            ("社会效益指标", [
                R("区域内重大食品安全事故", "0起", "0起", "10", "10", "met", "zero ceiling"),
                R("市场主体数量增长", "≥8%", "9.3%", "10", "10", "met"),
            ]),
            ("可持续影响指标", [R("信用监管体系", "逐步完善", "逐步完善", "10", "10", "qualitative_met")]),
        ]),
        ("满意度指标", [
            ("服务对象满意度指标", [R("群众满意度", "≥85%", "91.2%", "10", "10", "met")]),
        ]),
    ]
    rows = [
        ["单位名称", C("赣州市章贡区市场监督管理局", cs=7)],
        [C("预算执行情况（万元）（10分）", rs=2), "预算数（A）", "执行数（B）", "执行率（B/A）", C("得分（10分×执行率）", cs=4)],
        ["1,862.35", "1,790.12", "96.12%", C("9.6", cs=4)],
        [C("年度绩效指标", rs=10), "一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "分值", "得分"],
    ]
    rows += perf_rows(groups, ["target", "actual", "full", "self"], gold)
    rows.append(["总分", C("", cs=5), "100", "89.6"])
    return Doc("jiangxi_zhanggong_market_supervision_2019.html", "performance",
               [("h", "章贡区市场监督管理局2019年度部门整体支出绩效自评表"),
                ("p", "文章来源：区市场监管局　发布时间：2020-06-30　【大】【中】【小】"),
                ("p", "单位：万元"),
                ("table", rows),
                ("p", "备注：投诉举报按时办结率数据待12315平台核对后补报。"),
                ("p", "扫一扫在手机打开当前页　　打印　　关闭")],
               gold, title="章贡区市场监督管理局2019年度部门整体支出绩效自评表",
               nav=["网站首页", "机构设置", "政务公开", "在线办事", "公众参与"],
               footer=["版权所有：赣州市章贡区人民政府　赣ICP备10201234号"])


def perf_shandong_docx():
    gold = []
    groups = [
        ("产出指标", [
            ("数量指标", [
                RS("65岁及以上老年人健康管理人数", "≧", "2.8", "万人", "2.93", "10", "10", "met", "指标性质 ≧ (U+2267)"),
                RS("高血压患者规范管理人数", "≧", "1.5", "万人", "1.42", "10", "10", "not_met",
                   "94.7%; full marks claimed (self-score above rule)", reason="部分患者外出务工失访"),
            ]),
            ("质量指标", [
                RS("电子健康档案建档率", "≧", "90", "%", "92.1", "10", "10", "met"),
                RS("适龄儿童免疫规划疫苗接种率", "≧", "95", "%", "98.3", "10", "10", "met"),
            ]),
            ("时效指标", [RS("资金拨付及时率", "═", "100", "%", "100", "10", "10", "met", "指标性质 ═ (U+2550) for =")]),
            ("成本指标", [RS("人均基本公共卫生服务经费补助标准", "═", "89", "元", "89", "10", "10", "met")]),
        ]),
        ("效益指标", [
            ("社会效益指标", [RS("居民健康素养水平", "≧", "28", "%", "27.4", "10", "8", "not_met", "97.9%",
                                 reason="农村居民健康素养提升较慢")]),
            ("可持续影响指标", [RS("基层医疗卫生服务能力", "定性", "稳步提升", "", "稳步提升", "10", "10",
                                   "qualitative_met", "指标性质 定性")]),
        ]),
        ("满意度指标", [
            ("服务对象满意度指标", [RS("居民满意度", "≧", "85", "%", "88.6", "10", "10", "met")]),
        ]),
    ]
    head = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    rows = [
        ["项目名称", C("基本公共卫生服务补助资金", cs=9)],
        ["主管部门", C("济南市历城区卫生健康局", cs=4), "实施单位", C("历城区疾病预防控制中心", cs=4)],
        [C("项目资金（万元）", rs=3), C("", cs=2), "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", C("得分", cs=2)],
        [C("年度资金总额", cs=2), "1260", "1316.5", "1316.5", "10", "100%", C("10", cs=2)],
        [C("其中：当年财政拨款", cs=2), "1260", "1316.5", "1316.5", "—", "—", C("—", cs=2)],
        [C("年度总体目标", rs=2), C("预期目标", cs=4), C("实际完成情况", cs=5)],
        [C("为辖区居民免费提供基本公共卫生服务，重点人群健康管理率稳步提高。", cs=4),
         C("全年为辖区居民免费提供基本公共卫生服务，重点人群健康管理率稳步提高。", cs=5)],
        head,
    ]
    rows += perf_rows(groups, ["cmp", "val", "unit", "actual", "full", "self", "reason"], gold)
    rows.append([C("总分", cs=7), "100", "98", ""])
    gold.insert(0, G("年度总体目标", "为辖区居民免费提供基本公共卫生服务，重点人群健康管理率稳步提高。",
                     "全年为辖区居民免费提供基本公共卫生服务，重点人群健康管理率稳步提高。", "", "",
                     "qualitative_met", "overall goal; result repeats the goal"))
    return Doc("shandong_licheng_public_health_2023.docx", "performance",
               [("h", "2023年度项目支出绩效自评表"), ("p", "填报单位（盖章）：济南市历城区卫生健康局"),
                ("table", rows), ("p", "填报人：李敏　　联系电话：0531-88123456")], gold)


def perf_anhui_lo_docx():
    gold = []
    groups = [
        ("产出指标(50分)", [
            ("数量指标", [
                R("农村公路养护里程", "≥1200公里", "1236公里", "15", "15", "met", "level name carries its points"),
                R("危桥改造", "8座", "6座", "10", "7.5", "not_met", "75%; score follows the rule",
                  reason="2座危桥因汛期影响顺延至次年"),
            ]),
            ("质量指标", [R("优良中等路比例", "≥80%", "82.5%", "10", "10", "met")]),
            ("时效指标", [R("危桥改造完工时间", "2021年11月底前", "2021年11月30日", "5", "5", "met",
                             "finished on the last day of the deadline month")]),
            ("成本指标", [R("每公里养护成本", "≤0.8万元", "0.78万元", "10", "10", "met", "ceiling")]),
        ]),
        ("效益指标(30分)", [
            ("社会效益指标", [R("群众出行条件", "明显改善", "明显改善", "15", "15", "qualitative_met")]),
            ("可持续影响指标", [R("路况技术状况指数(MQI)", "≥80", "79.2", "15", "15", "not_met",
                                   "99%; full marks claimed (self-score above rule)")]),
        ]),
        ("满意度指标(10分)", [
            ("服务对象满意度指标", [R("沿线群众满意度", "≥90%", "", "10", "", "unclear",
                                      "result and score cells blank", reason="问卷调查尚未完成")]),
        ]),
    ]
    rows = [
        ["项目名称", C("2021年农村公路养护工程", cs=7)],
        ["主管部门", C("太湖县交通运输局", cs=3), "实施单位", C("太湖县公路管理服务中心", cs=3)],
        [C("项目资金（万元）", rs=3), "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "960", "1020", "985.3", "10", "96.6%", "9.66"],
        ["其中：当年财政拨款", "960", "1020", "985.3", "—", "—", "—"],
        PERF_HEAD,
    ]
    rows += perf_rows(groups, COLS_STD, gold)
    rows.append(["总分", C("", cs=4), "100", "87.16", ""])
    return Doc("anhui_taihu_rural_roads_2021_lo.docx", "performance",
               [("h", "项目支出绩效自评表"), ("p", "（2021年度）"), ("table", rows),
                ("p", "说明：满意度问卷调查正在开展，得分暂未计入。")], gold)


def perf_yunnan_xlsx():
    gold = []
    groups = [
        ("产出指标", [
            ("数量指标", [
                R("天然林管护面积", "186.5万亩", "186.5万亩", "15", "15", "met"),
                R("聘用生态护林员", "1200人", "1200人", "10", "10", "met"),
            ]),
            ("质量指标", [
                R("管护责任落实率", "100%", "100%", "5", "5", "met"),
                R("森林火灾受害率", "低于0.9‰", "0.12‰", "5", "5", "met", "ceiling (低于), per mille"),
            ]),
            ("时效指标", [R("护林员工资发放", "按季度及时发放", "按季度及时发放", "10", "10", "qualitative_met")]),
            ("成本指标", [R("每亩管护费用", "不高于10元", "10元", "10", "10", "met", "ceiling; actual equals it")]),
        ]),
        ("效益指标", [
            ("经济效益指标", [R("护林员人均增收", "1万元", "0.96万元", "10", "10", "not_met",
                                 "96%; full marks claimed (self-score above rule)")]),
            ("社会效益指标", [R("林区治安案件", "较上年下降", "较上年下降8%", "5", "5", "met", "direction-only target")]),
            ("生态效益指标", [R("森林覆盖率", "≥61.5%", "61.8%", "10", "10", "met")]),
            ("可持续影响指标", [R("生态保护意识", "显著增强", "有所增强，未达预期", "5", "3", "qualitative_not_met",
                                   "descriptive result short of the descriptive target",
                                   reason="宣传覆盖面不足")]),
        ]),
        ("满意度指标", [
            ("服务对象满意度指标", [R("护林员满意度", "≥90%", "95%", "5", "5", "met")]),
        ]),
    ]
    rows = [
        [C("项目支出绩效自评表", cs=8)],
        [C("（2020年度）", cs=8)],
        ["项目名称", C("天然林资源保护工程补助资金", cs=7)],
        ["主管部门", C("普洱市思茅区林业和草原局", cs=3), "实施单位", C("思茅区林业和草原局", cs=3)],
        [C("项目资金（万元）", rs=4), "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "2790.6", "2790.6", "2765.12", "10", "99.09%", "9.9"],
        ["其中：当年财政拨款", "2790.6", "2790.6", "2765.12", "—", "—", "—"],
        ["上年结转资金", "", "", "", "—", "—", "—"],
        [C("年度总体目标", rs=2), C("预期目标", cs=3), C("实际完成情况", cs=4)],
        [C("管护天然林186.5万亩，聘用生态护林员1200人，森林资源得到有效保护。", cs=3),
         C("完成天然林管护186.5万亩，聘用生态护林员1200人，森林资源得到有效保护。", cs=4)],
        PERF_HEAD,
    ]
    rows += perf_rows(groups, COLS_STD, gold)
    rows.append(["总分", C("", cs=4), "100", "97.9", ""])
    gold.insert(0, G("年度总体目标", "管护天然林186.5万亩，聘用生态护林员1200人，森林资源得到有效保护。",
                     "完成天然林管护186.5万亩，聘用生态护林员1200人，森林资源得到有效保护。", "", "",
                     "met", "overall goal; both figures reached"))
    return Doc("yunnan_simao_natural_forest_2020.xlsx", "performance",
               [("table", rows, [4, 5, 8, 4, 4, 2, 2, 8])], gold)


def perf_guizhou_lo_xlsx():
    gold = []
    groups = [
        ("产出指标", [
            ("数量指标", [
                RS("新建标准化茶园", "≥", "5000", "亩", "5200", "15", "15", "met"),
                RS("培训茶农", "≥", "2000", "人次", "1650", "10", "8.3", "not_met", "82.5%",
                   reason="部分培训因茶季用工冲突推迟"),
            ]),
            ("质量指标", [RS("茶苗成活率", "≥", "90", "%", "91.5", "10", "10", "met")]),
            ("时效指标", [RS("项目完工率", "＝", "100", "%", "100", "10", "10", "met")]),
            ("成本指标", [RS("亩均建设补助", "≤", "2000", "元", "2000", "5", "5", "met", "ceiling; actual equals it")]),
        ]),
        ("效益指标", [
            ("经济效益指标", [RS("带动茶农户均增收", "≥", "3000", "元", "3280", "10", "10", "met")]),
            ("社会效益指标", [RS("带动脱贫户参与", "≥", "300", "户", "286", "10", "10", "not_met",
                                 "95.3%; full marks claimed (self-score above rule)")]),
            ("生态效益指标", [RS("茶园绿色防控覆盖率", "≥", "80", "%", "85", "10", "10", "met")]),
        ]),
        ("满意度指标", [
            ("服务对象满意度指标", [RS("受益群众满意度", "≥", "90", "%", "93", "10", "10", "met")]),
        ]),
    ]
    head = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "分值", "得分", "未完成原因分析"]
    rows = [
        [C("2024年度项目支出绩效自评表", cs=10)],
        ["项目名称", C("湄潭县茶产业提质增效项目", cs=9)],
        ["主管部门", C("湄潭县农业农村局", cs=4), "实施单位", C("湄潭县茶产业发展中心", cs=4)],
        [C("预算执行情况（万元）", rs=2), "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", C("得分", cs=4)],
        ["1500", "1500", "1380", "10", "92%", C("9.2", cs=4)],
        head,
    ]
    rows += perf_rows(groups, ["cmp", "val", "unit", "actual", "full", "self", "reason"], gold)
    rows.append([C("合计", cs=7), "100", "97.5", ""])
    return Doc("guizhou_meitan_tea_2024_lo.xlsx", "performance", [("table", rows)], gold)


def perf_chongqing_pdf():
    gold = []
    groups = [
        ("产出指标", [
            ("数量指标", [
                R("新建社区养老服务站", "≥12个", "13个", "10", "10", "met"),
                R("助餐服务人次", "≥3万人次", "2.6万人次", "10", "8.7", "not_met", "86.7%"),
            ]),
            ("质量指标", [R("消防验收合格率", "100%", "100%", "10", "10", "met")]),
            ("时效指标", [R("服务站投用时间", "2022年9月底前", "2022年11月", "10", "10", "not_met",
                             "deadline missed by two months; full marks claimed (self-score above rule)",
                             reason="疫情影响")]),
            ("成本指标", [R("单站建设成本", "≤60万元", "57.3万元", "10", "10", "met", "ceiling")]),
        ]),
        ("效益指标", [
            ("社会效益指标", [
                R("居家养老服务覆盖率", "≥60%", "64%", "10", "10", "met"),
                R("老年人生活质量", "有效提升", "有效提升", "10", "10", "qualitative_met"),
            ]),
            ("可持续影响指标", [R("服务站运营", "持续运营", "持续运营", "10", "10", "qualitative_met")]),
        ]),
        ("满意度指标", [
            ("服务对象满意度指标", [R("老年人满意度", "≥90%", "94.5%", "10", "10", "met")]),
        ]),
    ]
    rows = [
        ["项目名称", C("城市社区养老服务站建设", cs=7)],
        ["主管部门", C("重庆市渝北区民政局", cs=3), "实施单位", C("渝北区民政局", cs=3)],
        [C("项目资金（万元）", rs=3), "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "720", "700", "688.1", "10", "98.3%", "9.83"],
        ["其中：财政拨款", "720", "700", "688.1", "—", "—", "—"],
        PERF_HEAD,
    ]
    rows += perf_rows(groups, COLS_STD, gold)
    rows.append(["总分", C("", cs=4), "100", "98.53", ""])
    return Doc("chongqing_yubei_elderly_stations_2022.pdf", "performance",
               [("h", "2022年度项目支出绩效自评表"), ("p", "单位：万元"), ("table", rows, [2.6, 3.6, 5.0, 3.4, 3.4, 1.4, 1.4, 5.0])],
               gold)


add(perf_zhejiang_html(), "html")
add(perf_jiangxi_html(), "html")
add(perf_shandong_docx(), "docx", landscape=True, font_pt=9)
add(perf_anhui_lo_docx(), "lo_docx", landscape=True, font_pt=9)
add(perf_yunnan_xlsx(), "xlsx")
add(perf_guizhou_lo_xlsx(), "lo_xlsx")
add(perf_chongqing_pdf(), "pdf", landscape=True, font_pt=9)


# ---- progress --------------------------------------------------------------


def prog_rows(items, cols, gold):
    """items: row dicts with the cells by key (in cols order) plus gold keys
    g (indicator), t (gold target key), a (gold actual key), v, n; a row dict
    with key ``sub`` is a list of sub-rows that share the first cells (rowspan)."""
    rows = []
    for it in items:
        row = []
        for k in cols:
            row.append(it.get(k, ""))
        rows.append(row)
        if "v" in it:
            gold.append(G(it["g"], it[it.get("t", "target")], it.get(it.get("a", "actual"), ""), "", "",
                          it["v"], it.get("n", "")))
    return rows


def prog_hunan_html():
    gold = []
    H = ["序号", "项目", "考核指标", "单位", "年度目标任务", "1-10月完成", "完成率", "责任单位"]
    def row(i, k, name, unit, t, a, rate, dept, v, n="", rs_k=1, first=True):
        cells = []
        if first:
            cells.append(C(i, rs=rs_k))
            cells.append(C(k, rs=rs_k))
        cells += [name, unit, t, a, rate, dept]
        gold.append(G(name, t, a, "", "", v, n))
        return cells
    rows = [H,
            row("1", "就业", "新增城镇就业", "人", "12000", "11860", "98.8%", "区人社局", "not_met", "Jan-Oct, 98.8%", rs_k=2),
            row("", "", "城镇失业人员再就业", "人", "3000", "3215", "107.2%", "区人社局", "met",
                "second row of item 1 (序号 and 项目 cells span two rows)", first=False),
            row("2", "教育", "新建改扩建中小学", "所", "6", "4", "66.7%", "区教育局", "not_met", "66.7%"),
            row("3", "医疗", "65岁以上老年人免费体检", "万人", "8.5", "8.72", "102.6%", "区卫健局", "met", "102.6%"),
            row("4", "住房", "棚户区改造", "户", "1500", "1500", "100%", "区住建局", "met", "100%"),
            row("5", "交通", "新增公交线路", "条", "10", "7", "70%", "区交通运输局", "not_met", "70%"),
            row("6", "环境", "黑臭水体治理", "条", "3", "已完成截污工程，正在开展水质监测", "", "区生态环境分局",
                "unclear", "text progress; whether the water bodies meet the standard is not yet known"),
            row("7", "养老", "新增养老床位", "张", "800", "820", "102.5%", "区民政局", "met", "102.5%"),
            row("8", "安全", "亿元GDP生产安全事故死亡率", "人/亿元", "≤0.02", "0.015", "", "区应急管理局", "met",
                "ceiling"),
            ]
    blocks = [("p", "当前位置：首页 > 政务公开 > 重点工作 > 民生实事"),
              ("h", "开福区2020年重点民生实事项目1-10月完成情况"),
              ("p", "发布时间：2020-11-13 10:21　来源：区政府督查室　【字体：大 中 小】"),
              ("table", rows),
              ("p", "注：完成率=1-10月完成数/年度目标任务。"),
              ("p", "【打印本页】【关闭窗口】")]
    return Doc("hunan_kaifu_livelihood_2020_jan_oct.html", "progress", blocks, gold,
               title="开福区2020年重点民生实事项目1-10月完成情况", nav=NAV_GOV,
               footer=["长沙市开福区人民政府主办　湘ICP备05001234号"])


def prog_shanghai_html():
    gold = []
    H = ["序号", "工作目标", "责任单位", "完成进度", "备注"]
    items = [
        ("完成二级旧里以下房屋改造1.2万平方米", "区旧改办", "已完成1.35万平方米", "", "met", "112.5%"),
        ("新增社区养老服务综合体3家", "区民政局", "已建成2家，1家正在装修", "", "not_met", "2 of 3"),
        ("新建公共充电桩500个", "区发展改革委", "完成进度62%", "", "not_met", "Jan-Jun, 62%"),
        ("建成“15分钟社区生活圈”示范街道2个", "区规划资源局", "按计划推进", "", "unclear", "text-only progress"),
        ("全年新增就业岗位2.5万个", "区人社局", "1-6月新增就业岗位1.42万个，完成56.8%", "", "not_met", "56.8%"),
        ("完成美丽街区建设10个", "区绿化市容局", "10个", "已完成", "met", "100%"),
        ("生活垃圾回收利用率达到40%", "区绿化市容局", "回收利用率41.2%", "", "met", "rate floor"),
        ("推进“一网统管”基层应用场景建设", "区城运中心", "已上线12个应用场景，运行良好", "", "qualitative_met",
         "descriptive target"),
    ]
    rows = [[C("虹口区2021年重点工作任务1至6月落实情况", cs=5)], H]
    for i, (t, dept, a, note, v, n) in enumerate(items, 1):
        rows.append([str(i), t, dept, a, note])
        gold.append(G(t, t, a, "", "", v, n + "; the target sits in the 工作目标 cell"))
    blocks = [("p", "上海市虹口区人民政府 | 政务公开 | 政务服务 | 互动交流"),
              ("p", "首页 > 政务公开 > 计划总结"),
              ("table", rows),
              ("p", "（来源：区政府办公室　发布日期：2021-07-20）"),
              ("p", "关闭 | 打印")]
    return Doc("shanghai_hongkou_key_tasks_2021_h1.html", "progress", blocks, gold,
               title="虹口区2021年重点工作任务1至6月落实情况", nav=["首页", "政务公开", "政务服务", "互动交流"],
               footer=["沪ICP备12012345号"])


def prog_hubei_docx():
    gold = []
    H = ["序号", "项目", "考核指标", "单位", "年度目标", "3月份完成", "1-3月累计完成", "完成进度"]
    def r(i, k, name, unit, t, m, cum, pct, v, n, rs_k=1, first=True):
        cells = [C(i, rs=rs_k), C(k, rs=rs_k)] if first else []
        cells += [name, unit, t, m, cum, pct]
        gold.append(G(name, t, cum, "", "", v, n))
        return cells
    rows = [H,
            r("1", "工业", "规上工业总产值", "亿元", "420", "38.6", "98.3", "23.4%", "not_met",
              "1-3月 cumulative, 23.4%; the 3月份 column is one month only", rs_k=2),
            r("", "", "新增规上工业企业", "家", "25", "2", "6", "24%", "not_met", "24%", first=False),
            r("2", "投资", "固定资产投资", "亿元", "260", "24.1", "71.5", "27.5%", "not_met", "27.5%", rs_k=2),
            r("", "", "亿元以上新开工项目", "个", "30", "4", "9", "30%", "not_met", "30%", first=False),
            r("3", "消费", "社会消费品零售总额", "亿元", "310", "26.2", "75.8", "24.5%", "not_met", "24.5%"),
            r("4", "外贸", "外贸进出口", "亿美元", "4.5", "0.6", "1.52", "33.8%", "not_met", "33.8%"),
            r("5", "招商", "签约亿元以上项目", "个", "40", "5", "41", "102.5%", "met", "annual target passed in Q1"),
            ]
    return Doc("hubei_xiling_econ_targets_2022_mar.docx", "progress",
               [("h", "西陵区2022年3月份主要经济指标考核进度表"), ("p", "填报单位：区发展和改革局　　2022年4月12日"),
                ("table", rows), ("p", "备注：完成进度=1-3月累计完成/年度目标。")], gold)


def prog_gansu_lo_docx():
    gold = []
    H = ["序号", "项目名称", "目标任务", "1-8月完成情况", "完成率", "责任单位"]
    items = [
        ("农村危房改造", "1600户", "1600户", "100%", "县住建局", "met", "100%"),
        ("贫困村安全饮水巩固提升", "45个村", "38个村", "84.4%", "县水务局", "not_met", "Jan-Aug, 84.4%"),
        ("新建村级幼儿园", "20所", "14所", "70%", "县教育局", "not_met", "70%"),
        ("城乡居民大病保险", "参保率100%", "100%", "100%", "县医保局", "met", ""),
        ("新建日间照料中心", "10个", "10个", "100%", "县民政局", "met", ""),
        ("城区供暖管网改造", "12公里", "已完成招标，正在施工", "", "县住建局", "not_met",
         "text progress: under construction, no length finished"),
        ("免费“两癌”筛查", "6000人", "6120人", "102%", "县卫健局", "met", "102%"),
    ]
    rows = [H]
    for i, (name, t, a, rate, dept, v, n) in enumerate(items, 1):
        rows.append([str(i), name, t, a, rate, dept])
        gold.append(G(name, t, a, "", "", v, n))
    return Doc("gansu_jingchuan_people_projects_2019_jan_aug_lo.docx", "progress",
               [("h", "泾川县2019年为民办实事1-8月完成情况表"), ("table", rows),
                ("p", "泾川县人民政府办公室　2019年9月5日")], gold)


def prog_liaoning_xlsx():
    gold = []
    H = ["序号", "考核指标", "单位", "年度目标任务", "1-11月完成", "完成率", "备注"]
    items = [
        ("地区生产总值增长", "%", "5.5", "5.8", "", "", "met", "growth rate above target"),
        ("一般公共预算收入", "亿元", "42.8", "40.1", "93.7%", "", "not_met", "Jan-Nov, 93.7%"),
        ("新增市场主体", "户", "18000", "19230", "106.8%", "", "met", "106.8%"),
        ("新增城镇就业", "人", "26000", "25120", "96.6%", "", "not_met", "96.6%"),
        ("新建5G基站", "个", "1500", "1500", "100%", "", "met", "100%"),
        ("单位GDP能耗下降", "%", "3", "", "", "年度考核，统计部门年底核算", "unclear", "result blank"),
        ("空气质量优良天数比例", "%", "≥88", "90.2", "", "", "met", "rate floor"),
        ("耕地保有量", "万亩", "不低于386.5", "386.9", "", "", "met", "floor"),
        ("农村生活污水治理率", "%", "35", "28", "80%", "", "not_met", "80%"),
    ]
    rows = [[C("瓦房店市2023年1-11月重点工作目标完成情况表", cs=7)], H]
    for i, (name, unit, t, a, rate, note, v, n) in enumerate(items, 1):
        rows.append([str(i), name, unit, t, a, rate, note])
        gold.append(G(name, t, a, "", "", v, n))
    rows.append([C("填报单位：瓦房店市统计局　　填报日期：2023年12月8日", cs=7)])
    return Doc("liaoning_wafangdian_targets_2023_jan_nov.xlsx", "progress", [("table", rows, [2, 7, 3, 4, 4, 3, 7])], gold)


def prog_shanxi_lo_xlsx():
    gold = []
    H = ["序号", "项目", "年度目标任务", "全年完成", "完成率", "责任单位", "备注"]
    items = [
        ("城镇老旧小区改造", "52个", "52个", "100%", "区住建局", "", "met", ""),
        ("新增公办幼儿园学位", "1080个", "1260个", "116.7%", "区教育局", "", "met", "116.7%"),
        ("新建城市绿道", "30公里", "26.5公里", "88.3%", "区园林局", "2处绿道因征地未完成顺延", "not_met", "88.3%"),
        ("新增停车泊位", "5000个", "5320个", "106.4%", "区城管局", "", "met", ""),
        ("改造燃气老化管道", "180公里", "142公里", "78.9%", "区住建局", "", "not_met", "78.9%"),
        ("城市生活垃圾无害化处理率", "100%", "100%", "", "区城管局", "", "met", ""),
        ("区医院门诊楼竣工", "按期竣工", "已竣工投用", "", "区卫健局", "", "qualitative_met", ""),
        ("信访事项及时受理率", "≥95%", "97.8%", "", "区信访局", "", "met", ""),
        ("“一老一小”服务场所全覆盖", "街道全覆盖", "尚有2个街道未建成", "", "区民政局", "", "qualitative_not_met",
         "coverage target in words, not reached"),
    ]
    rows = [[C("小店区2024年民生实事完成情况表", cs=7)], H]
    for i, (name, t, a, rate, dept, note, v, n) in enumerate(items, 1):
        rows.append([str(i), name, t, a, rate, dept, note])
        gold.append(G(name, t, a, "", "", v, n))
    return Doc("shanxi_xiaodian_people_projects_2024_lo.xlsx", "progress", [("table", rows, [2, 8, 4, 4, 3, 4, 8])], gold)


def prog_hainan_pdf():
    gold = []
    H = ["序号", "考核指标", "单位", "年度目标", "1-9月完成", "完成率"]
    items = [
        ("新增城镇就业", "人", "6000", "5140", "85.7%", "not_met", "Jan-Sep, 85.7%"),
        ("旅游接待人次", "万人次", "820", "615.4", "75%", "not_met", "75%"),
        ("新建保障性租赁住房", "套", "1200", "1260", "105%", "met", "105%"),
        ("农村饮水安全巩固提升", "处", "35", "35", "100%", "met", ""),
        ("城镇污水处理率", "%", "≥95", "96.4", "", "met", "rate floor"),
        ("新增公共充电桩", "个", "300", "已完成选址", "", "not_met", "text progress: only sites chosen"),
        ("集体经济收入10万元以上村占比", "%", "60", "52", "", "not_met", "rate below target"),
    ]
    rows = [H]
    for i, (name, unit, t, a, rate, v, n) in enumerate(items, 1):
        rows.append([str(i), name, unit, t, a, rate])
        gold.append(G(name, t, a, "", "", v, n))
    return Doc("hainan_wanning_targets_2021_jan_sep.pdf", "progress",
               [("h", "万宁市2021年1-9月主要目标任务进度表"), ("table", rows, [1.2, 6.5, 1.8, 2.2, 2.6, 2.0]),
                ("p", "万宁市发展和改革委员会　2021年10月15日")], gold)


add(prog_hunan_html(), "html")
add(prog_shanghai_html(), "html")
add(prog_hubei_docx(), "docx")
add(prog_gansu_lo_docx(), "lo_docx")
add(prog_liaoning_xlsx(), "xlsx")
add(prog_shanxi_lo_xlsx(), "lo_xlsx")
add(prog_hainan_pdf(), "pdf")


# ---- report ----------------------------------------------------------------


def P(*paras):
    return [("p", x) for x in paras]


def rep_guangdong_html():
    gold = [
        G("新增公办学位", "新增公办中小学学位1.2万个", "实际新增1.26万个", "", "", "met", "105%"),
        G("新建社区卫生服务站", "新建社区卫生服务站8个", "已建成投用7个", "", "", "not_met", "7 of 8; one delayed by land use"),
        G("改造老旧小区", "改造老旧小区45个", "完成45个", "", "", "met", ""),
        G("长者饭堂", "新增长者饭堂30个", "全年新增长者饭堂34个", "", "", "met", ""),
        G("城市更新改造面积", "完成城市更新改造面积2000亩", "完成1835亩，完成率91.8%", "", "", "not_met", "91.8%"),
        G("新增就业", "新增就业2.2万人", "新增就业2.35万人", "", "", "met", ""),
        G("碧道建设", "建成碧道50公里", "建成碧道52.6公里", "", "", "met", ""),
        G("农贸市场升级", "完成农贸市场升级改造12个", "完成10个，2个因商户搬迁问题延期", "", "", "not_met", "83.3%"),
        G("PM2.5年均浓度", "PM2.5年均浓度控制在25微克/立方米以内", "实际为23微克/立方米", "", "", "met", "ceiling"),
        G("群众满意度", "群众对民生实事满意度不低于90%", "第三方测评满意度为92.4%", "", "", "met", "floor"),
    ]
    blocks = [("p", "南海区人民政府网 > 政务公开 > 规划计划 > 工作报告"),
              ("h", "关于南海区2023年十件民生实事完成情况的报告"),
              ("p", "发布时间：2024-01-22　来源：区府办　浏览次数：　分享到：")] + P(
        "区人大常委会：",
        "2023年，区政府围绕群众急难愁盼，确定了十件民生实事，现将完成情况报告如下。",
        "一、教育医疗方面。新增公办中小学学位1.2万个，实际新增1.26万个；新建社区卫生服务站8个，已建成投用7个，其余1个因用地调整延至2024年一季度投用。",
        "二、宜居环境方面。改造老旧小区45个，完成45个；完成城市更新改造面积2000亩，完成1835亩，完成率91.8%；建成碧道50公里，建成碧道52.6公里；PM2.5年均浓度控制在25微克/立方米以内，实际为23微克/立方米。",
        "三、民生保障方面。新增长者饭堂30个，全年新增长者饭堂34个；新增就业2.2万人，新增就业2.35万人；完成农贸市场升级改造12个，完成10个，2个因商户搬迁问题延期。",
        "四、群众评价方面。群众对民生实事满意度不低于90%，第三方测评满意度为92.4%。",
        "特此报告。",
        "佛山市南海区人民政府",
        "2024年1月18日",
        "【打印本页】　【关闭窗口】")
    return Doc("guangdong_nanhai_ten_projects_2023.html", "report", blocks, gold,
               title="关于南海区2023年十件民生实事完成情况的报告", nav=NAV_GOV,
               footer=["主办单位：佛山市南海区人民政府办公室　粤ICP备05012345号-1"])


def rep_hunan_html():
    gold = [
        G("新引进亿元以上项目", "全年目标32个", "新引进亿元以上项目21个", "", "", "not_met", "Jan-Sep, 65.6%"),
        G("实际到位内资", "年度目标80亿元", "实际到位内资61.2亿元", "", "", "not_met", "76.5%"),
        G("实际利用外资", "年度目标1500万美元", "实际利用外资1620万美元", "", "", "met", "108%; annual target passed"),
        G("引进“三类500强”项目", "年度目标任务3个", "已引进3个", "", "", "met", ""),
        G("新开工招商项目", "年度目标26个", "新开工招商项目18个", "", "", "not_met", "69.2%"),
    ]
    blocks = [("h", "攸县2021年1-9月招商引资工作情况通报"),
              ("p", "来源：县商务局　作者：　点击率：812　发布时间：2021-10-14")] + P(
        "各乡镇人民政府、县直有关单位：",
        "1-9月，全县新引进亿元以上项目21个（全年目标32个），完成率65.6%；实际到位内资61.2亿元，完成年度目标80亿元的76.5%；实际利用外资1620万美元，超过年度目标1500万美元；引进“三类500强”项目年度目标任务3个，已引进3个；新开工招商项目18个，年度目标26个。",
        "从进度看，全县招商引资总体达到序时进度，但亿元以上项目引进和新开工进度偏慢。各单位要对照年度目标，加快项目签约落地。",
        "攸县招商引资工作领导小组办公室",
        "2021年10月12日",
        "扫一扫在手机打开当前页")
    return Doc("hunan_youxian_investment_2021_jan_sep.html", "report", blocks, gold,
               title="攸县2021年1-9月招商引资工作情况通报", nav=["首页", "新闻中心", "政务公开", "招商引资", "公众参与"],
               footer=["攸县人民政府　版权所有"])


def rep_shandong_docx():
    gold = [
        G("城乡低保提标", "城市低保标准提高到每人每月980元", "已于7月1日起执行每人每月980元", "", "", "met", ""),
        G("特困人员集中供养", "集中供养率达到40%", "实际集中供养率为43.6%", "", "", "met", ""),
        G("新增养老床位", "计划新增养老床位600张", "实际新增520张", "", "", "not_met", "86.7%"),
        G("居家养老服务中心", "建设街道综合养老服务中心4处", "建成4处", "", "", "met", ""),
        G("困境儿童保障", "困境儿童基本生活保障应保尽保", "全年保障困境儿童1126人，做到应保尽保", "", "", "qualitative_met", ""),
        G("婚姻登记合格率", "婚姻登记档案合格率100%", "档案合格率100%", "", "", "met", ""),
        G("殡葬改革", "公益性公墓建设完成年度任务8处", "完成6处", "", "", "not_met", "75%"),
        G("社会组织年检", "社会组织年检率不低于85%", "年检率为81.2%", "", "", "not_met", "floor missed"),
    ]
    blocks = [("h", "兰山区民政局2022年工作总结"),
              ("p", "2022年，区民政局在区委、区政府的坚强领导下，聚焦基本民生保障，各项工作取得新进展。")] + P(
        "一、兜牢民生底线。城市低保标准提高到每人每月980元，已于7月1日起执行每人每月980元；特困人员集中供养率达到40%的目标，实际集中供养率为43.6%。",
        "二、发展养老服务。计划新增养老床位600张，实际新增520张，未完成原因是2处养老机构消防验收未通过；建设街道综合养老服务中心4处，建成4处。",
        "三、关爱困境儿童。落实困境儿童基本生活保障应保尽保，全年保障困境儿童1126人，做到应保尽保。",
        "四、提升专项服务。婚姻登记档案合格率100%的目标实现，档案合格率100%；公益性公墓建设完成年度任务8处中，完成6处；社会组织年检率不低于85%，年检率为81.2%。",
        "2023年，我局将补齐短板，推动民政事业高质量发展。",
        "临沂市兰山区民政局",
        "2023年1月10日")
    return Doc("shandong_lanshan_civil_affairs_summary_2022.docx", "report", blocks, gold)


def rep_ningxia_docx():
    gold = [
        G("家庭医生签约", "重点人群家庭医生签约率达到75%", "实际签约率为78.3%", "", "", "met", ""),
        G("孕产妇系统管理率", "孕产妇系统管理率90%以上", "实际为93.1%", "", "", "met", ""),
        G("新冠疫苗接种", "完成接种任务12万剂次", "完成接种13.4万剂次", "", "", "met", ""),
        G("乡镇卫生院标准化建设", "完成3所乡镇卫生院标准化建设", "完成2所", "", "", "not_met", "2 of 3"),
        G("医疗机构床位数", "每千人口医疗机构床位数达到5张", "实际为4.6张", "", "", "not_met", "92%"),
        G("传染病报告及时率", "法定传染病报告及时率100%", "报告及时率100%", "", "", "met", ""),
        G("公共卫生应急能力", "公共卫生应急处置能力明显提升", "应急处置能力明显提升", "", "", "qualitative_met", ""),
    ]
    blocks = [("h", "利通区卫生健康局2020年度部门整体支出绩效自评报告")] + P(
        "一、部门基本情况",
        "利通区卫生健康局下设二级预算单位14个，2020年部门预算总额21,604.37万元，执行21,128.90万元，执行率97.8%。",
        "二、绩效目标完成情况",
        "（一）基本公共卫生。重点人群家庭医生签约率达到75%，实际签约率为78.3%；孕产妇系统管理率90%以上，实际为93.1%。",
        "（二）疫情防控。完成接种任务12万剂次，完成接种13.4万剂次；法定传染病报告及时率100%，报告及时率100%。",
        "（三）能力建设。计划完成3所乡镇卫生院标准化建设，完成2所，其余1所因疫情停工顺延；每千人口医疗机构床位数达到5张，实际为4.6张；公共卫生应急处置能力明显提升，应急处置能力明显提升。",
        "三、自评结论",
        "综合自评得分92分，等级为优。",
        "吴忠市利通区卫生健康局",
        "2021年4月30日")
    return Doc("ningxia_litong_health_selfeval_2020.docx", "report", blocks, gold)


def rep_hebei_lo_docx():
    gold = [
        G("贫困人口脱贫", "计划脱贫4268人", "实际脱贫4301人", "", "", "met", ""),
        G("贫困村出列", "计划出列贫困村28个", "实际出列28个", "", "", "met", ""),
        G("产业扶贫项目", "实施产业扶贫项目56个", "已实施53个", "", "", "not_met", "94.6%"),
        G("易地扶贫搬迁入住", "易地扶贫搬迁入住率达到100%", "入住率96.5%", "", "", "not_met", ""),
        G("光伏扶贫电站", "新建村级光伏扶贫电站20座", "建成20座并网发电", "", "", "met", ""),
        G("扶贫小额信贷", "发放扶贫小额信贷1.5亿元", "发放1.62亿元", "", "", "met", "108%"),
        G("“两不愁三保障”", "“两不愁三保障”全面实现", "“两不愁三保障”全面实现", "", "", "qualitative_met", ""),
    ]
    blocks = [("h", "阜平县2019年脱贫攻坚工作自评报告")] + P(
        "2019年，全县上下以脱贫攻坚统揽经济社会发展全局，各项目标任务基本完成。",
        "一是减贫任务全面完成。全年计划脱贫4268人，实际脱贫4301人；计划出列贫困村28个，实际出列28个。",
        "二是产业扶贫持续发力。全年实施产业扶贫项目56个，已实施53个，其余3个项目因选址调整结转下年；新建村级光伏扶贫电站20座，建成20座并网发电；发放扶贫小额信贷1.5亿元，发放1.62亿元。",
        "三是搬迁安置稳步推进。易地扶贫搬迁入住率达到100%的目标尚未实现，入住率96.5%。",
        "四是保障水平稳步提升。“两不愁三保障”全面实现。",
        "阜平县扶贫开发办公室",
        "2020年1月15日")
    return Doc("hebei_fuping_poverty_selfeval_2019_lo.docx", "report", blocks, gold)


def rep_yunnan_pdf():
    gold = [
        G("新建中小学校", "新建中小学校5所", "已完工3所", "", "", "not_met", "Jan-Jun, 3 of 5"),
        G("新增学位", "新增学位4500个", "已新增2700个", "", "", "not_met", "60%"),
        G("控辍保学", "义务教育巩固率达到97%", "上半年巩固率97.3%", "", "", "met", "rate floor"),
        G("教师培训", "培训教师3000人次", "已培训3150人次", "", "", "met", "105%"),
        G("营养改善计划", "营养餐覆盖学生5.2万人", "覆盖5.2万人", "", "", "met", ""),
        G("校园安全", "校园安全事故零发生", "上半年未发生校园安全事故", "", "", "unclear",
          "zero-event target for the whole year; only the first half is known"),
    ]
    blocks = [("h", "大理市教育体育局2024年1-6月重点工作进展情况")] + P(
        "一、项目建设",
        "年度目标：新建中小学校5所。",
        "进展情况：已完工3所，2所正在施工。",
        "年度目标：新增学位4500个。",
        "进展情况：已新增2700个。",
        "二、教育质量",
        "年度目标：义务教育巩固率达到97%。",
        "进展情况：上半年巩固率97.3%。",
        "年度目标：培训教师3000人次。",
        "进展情况：已培训3150人次。",
        "三、学生资助",
        "年度目标：营养餐覆盖学生5.2万人。",
        "进展情况：覆盖5.2万人。",
        "四、安全稳定",
        "年度目标：校园安全事故零发生。",
        "进展情况：上半年未发生校园安全事故。",
        "大理市教育体育局",
        "2024年7月8日")
    return Doc("yunnan_dali_education_2024_h1.pdf", "report", blocks, gold)


def rep_anhui_pdf():
    gold = [
        G("基本医保参保率", "参保率稳定在97%以上", "全年参保率97.6%", "", "", "met", "floor"),
        G("职工医保基金收入", "征缴收入目标8.4亿元", "实际征缴8.1亿元", "", "", "not_met", "96.4%"),
        G("门诊慢特病待遇", "慢特病办理时限5个工作日内", "平均办理时限3个工作日", "", "", "met", "ceiling"),
        G("异地就医直接结算", "跨省异地就医直接结算率达到70%", "结算率为74.2%", "", "", "met", ""),
        G("打击欺诈骗保", "追回医保基金不少于1500万元", "追回医保基金1286万元", "", "", "not_met", "85.7%"),
        G("医保经办", "医保经办服务便利度明显提升", "便利度明显提升", "", "", "qualitative_met", ""),
    ]
    blocks = [("h", "芜湖市鸠江区医疗保障局"), ("h", "2020年度部门整体支出绩效自评报告")] + P(
        "一、绩效目标完成情况",
        "1.基本医保参保率稳定在97%以上。",
        "完成情况：全年参保率97.6%。",
        "2.职工医保基金征缴收入目标8.4亿元。",
        "完成情况：实际征缴8.1亿元。",
        "3.门诊慢特病办理时限5个工作日内。",
        "完成情况：平均办理时限3个工作日。",
        "4.跨省异地就医直接结算率达到70%。",
        "完成情况：结算率为74.2%。",
        "5.打击欺诈骗保，追回医保基金不少于1500万元。",
        "完成情况：追回医保基金1286万元。",
        "6.医保经办服务便利度明显提升。",
        "完成情况：便利度明显提升。",
        "二、预算执行情况",
        "全年预算数1,286.50万元，执行数1,243.70万元，执行率96.7%。",
        "芜湖市鸠江区医疗保障局",
        "2021年3月26日")
    return Doc("anhui_jiujiang_medical_insurance_2020.pdf", "report", blocks, gold)


add(rep_guangdong_html(), "html")
add(rep_hunan_html(), "html")
add(rep_shandong_docx(), "docx")
add(rep_ningxia_docx(), "docx")
add(rep_hebei_lo_docx(), "lo_docx")
add(rep_yunnan_pdf(), "pdf")
add(rep_anhui_pdf(), "pdf")


# ---- refuse: documents of no family ----------------------------------------

LOGIN_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>统一身份认证平台 - 用户登录</title>
<link rel="stylesheet" href="/static/css/login.css">
</head>
<body>
<div class="top"><img src="/static/img/logo.png" alt="某省政务服务网"><span>统一身份认证平台</span></div>
<div class="login-box">
  <ul class="tabs"><li class="on">个人用户登录</li><li>法人用户登录</li></ul>
  <form id="loginForm" method="post" action="/sso/login">
    <input type="hidden" name="csrf_token" value="">
    <div class="row"><label for="username">账号</label><input id="username" name="username" type="text" placeholder="身份证号/手机号/用户名"></div>
    <div class="row"><label for="password">密码</label><input id="password" name="password" type="password" placeholder="请输入密码"></div>
    <div class="row"><label for="captcha">验证码</label><input id="captcha" name="captcha" type="text" maxlength="4"><img src="/sso/captcha" alt="验证码"></div>
    <div class="row"><input type="checkbox" id="agree"><label for="agree">我已阅读并同意《用户服务协议》和《隐私政策》</label></div>
    <button type="submit">登 录</button>
    <p class="links"><a href="/sso/register">免费注册</a> | <a href="/sso/forget">忘记密码？</a> | <a href="/sso/face">扫码登录</a></p>
  </form>
</div>
<div class="footer">主办单位：某省人民政府办公厅　技术支持：某省大数据中心　服务热线：12345<br>建议使用1920×1080分辨率、Chrome 80以上版本浏览器</div>
<script src="/static/js/jquery-3.6.0.min.js"></script>
<script>$(function(){ $("#loginForm").on("submit", function(){ return $("#agree").prop("checked"); }); });</script>
</body>
</html>
"""


def refuse_notice_html():
    blocks = [("h", "关于网站系统升级维护的公告"),
              ("p", "发布时间：2023-06-02　来源：县政府办公室　【字体：大 中 小】")] + P(
        "尊敬的用户：",
        "为进一步提升网站服务质量，我县政府门户网站将于2023年6月10日20:00至6月11日08:00进行系统升级维护。维护期间，网站部分栏目及在线办事功能将暂停访问，给您带来的不便，敬请谅解。",
        "如有紧急事项，请拨打政务服务热线12345咨询。",
        "感谢您的理解与支持！",
        "县人民政府办公室",
        "2023年6月2日")
    return Doc("notice_site_maintenance_2023.html", None, blocks, [],
               title="关于网站系统升级维护的公告",
               nav=["首页", "走进本县", "政务公开", "政务服务", "互动交流", "专题专栏", "无障碍", "长者模式"],
               footer=["网站标识码：5201230001　ICP备案号：黔ICP备12001234号　公网安备 52012302000123号"])


def refuse_letter_docx():
    blocks = [("h", "致全县广大返乡人员的一封信")] + P(
        "亲爱的家乡父老乡亲们：",
        "春节将至，万家团圆。在这辞旧迎新的美好时刻，县委、县政府向常年在外打拼的家乡儿女致以诚挚的问候和新春的祝福！",
        "这些年来，家乡的发展离不开大家的关心和支持。一条条新修的道路通到了家门口，一所所学校和卫生院焕然一新，乡村的面貌发生了可喜的变化。",
        "我们诚挚欢迎大家常回家看看，为家乡发展出谋划策，共同建设更加美好的家园。返乡途中请注意交通安全，遵守交通法规，不疲劳驾驶。",
        "祝大家新春愉快、阖家幸福、万事如意！",
        "中共某县县委　某县人民政府",
        "2021年2月1日")
    return Doc("letter_spring_festival_2021.docx", None, blocks, [])


def refuse_meeting_pdf():
    blocks = [("h", "关于召开全区2024年安全生产工作会议的通知")] + P(
        "各街道办事处，区直各部门：",
        "经区政府研究，决定召开全区2024年安全生产工作会议。现将有关事项通知如下：",
        "一、会议时间",
        "2024年3月12日（星期二）上午9:00，会期半天。",
        "二、会议地点",
        "区行政中心三楼第一会议室。",
        "三、参会人员",
        "各街道分管负责同志，区直有关部门主要负责同志。",
        "四、有关要求",
        "请参会人员于3月12日上午8:40前签到入场，会议期间将手机调至静音状态。",
        "请各单位于3月8日下午下班前将参会人员名单报区应急管理局。",
        "联系人：王磊　电话：0851-86123456",
        "区人民政府办公室",
        "2024年3月5日")
    return Doc("meeting_notice_safety_2024.pdf", None, blocks, [])


add(refuse_notice_html(), "html", outdir=REFUSE)
add(refuse_letter_docx(), "docx", outdir=REFUSE)
add(refuse_meeting_pdf(), "pdf", outdir=REFUSE)


# ---------------------------------------------------------------------------


def main():
    if "--gold" in sys.argv[1:]:
        for doc, form, kw, outdir in DOCUMENTS:
            for g in doc.gold:
                print("\t".join([doc.name, doc.family] + [str(x) for x in g]))
        return
    os.makedirs(DOCS, exist_ok=True)
    os.makedirs(REFUSE, exist_ok=True)
    for doc, form, kw, outdir in DOCUMENTS:
        emit(doc, form, outdir, **kw)
        print("wrote", os.path.relpath(os.path.join(outdir, doc.name), ROOT))
    with open(os.path.join(REFUSE, "login_portal.html"), "w", encoding="utf-8") as f:
        f.write(LOGIN_HTML)
    print("wrote", os.path.relpath(os.path.join(REFUSE, "login_portal.html"), ROOT))


if __name__ == "__main__":
    main()
