"""Real PDF, DOCX and HTML files, made in the tests (reportlab, python-docx, plain markup)."""

from __future__ import annotations

from pathlib import Path

LIAISON = [
    "联络站每月十五日固定接待群众，代表轮流值守，当场登记意见建议。",
    "对群众反映的道路积水问题，代表督促有关部门在两个月内完成排水改造。",
]
TRAINING = [
    "新任代表须参加为期三天的履职培训，学习宪法和代表法。",
    "培训结束后进行闭卷测试，成绩记入代表履职档案。",
]


def make_pdf(path: Path, paragraphs: list[str], with_text: bool = True) -> Path:
    """A one-page PDF; without text it holds only drawn shapes (like a scan without OCR)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # built into reportlab
    pdf = canvas.Canvas(str(path))
    if with_text:
        pdf.setFont("STSong-Light", 11)
        y = 780
        for para in paragraphs:
            for i in range(0, len(para), 30):  # wrapped at 30 characters, like a printed column
                pdf.drawString(60, y, para[i : i + 30])
                y -= 16
            y -= 8
        pdf.drawString(300, 40, "1")  # a page number
    else:
        for n in range(12):
            pdf.rect(60, 760 - n * 20, 400, 12, fill=1)
    pdf.showPage()
    pdf.save()
    return path


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("青山县人大常委会代表工作手册", level=0)
    document.add_heading("一、联络站接待", level=1)
    for para in LIAISON:
        document.add_paragraph(para)
    document.add_heading("二、代表培训", level=1)
    for para in TRAINING:
        document.add_paragraph(para)
    document.save(str(path))
    return path


HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>网站首页 - 青山县人大</title>
<script>var tracker = "忽略";</script><style>p {{ color: red }}</style></head>
<body>
<header><nav><a href="/">首页</a> <a href="/news">新闻中心</a></nav></header>
<main>
  <h1>青山县人大常委会开展代表履职评议</h1>
  <p>{0}</p>
  <h2>评议结果运用</h2>
  <p>{1}
     评议结果向选民公开。</p>
  <ul><li>评议优秀的代表优先推荐参加上级培训</li></ul>
</main>
<footer>版权所有 青山县人大常委会 备案号 12345</footer>
</body></html>
"""


def make_html(path: Path) -> Path:
    text = HTML.format(
        "青山县人大常委会对全县一百二十名代表开展年度履职评议，采取代表自评、选民测评相结合的方式。",
        "评议不合格的代表，由常委会主任约谈，限期改进。",
    )
    path.write_text(text, encoding="utf-8")
    return path


# A 通知 as staff paste it: one paragraph per line, no Markdown, headings only by their numbering
# (一、 / （一） / 1.), its 文号 under the title, its signature and date at the end.
NOTICE = """青山县人民政府办公室关于做好2025年人大代表建议办理工作的通知
青政办发〔2025〕7号

各乡镇人民政府，县政府各部门：
为进一步提高人大代表建议办理质量，经县政府同意，现就有关事项通知如下。
一、总体要求
坚持以人民为中心，把代表建议办理作为践行全过程人民民主的重要举措，做到件件有着落、事事有回音。
二、重点任务
（一）严格落实办理时限。承办单位应当自收到建议之日起三个月内办结并书面答复代表。涉及面广、处理难度大的建议，最迟不超过六个月。
办理过程中需要延期的，承办单位应当向县政府办公室书面说明理由。
（二）加强与代表沟通联系
承办单位在办理前、办理中和答复前，应当至少三次与领衔代表沟通，听取代表意见。
1.办理前沟通。承办单位应当在收到建议后十五日内主动联系代表，了解建议的背景和具体诉求。
2.答复前沟通。答复意见形成后，承办单位应当征求代表意见，代表不满意的，应当重新办理。
一、二季度办结的建议，承办单位应当在七月底前将办理情况汇总报送县政府办公室。
三、保障措施
县政府督查室将代表建议办理情况纳入年度绩效考核，对办理不力、代表不满意率高的单位予以通报。

青山县人民政府办公室
2025年3月12日
（此件公开发布）
"""

INDICATORS = [  # 指标, 单位, 2025年目标, 指标属性
    ("地区生产总值增长", "%", "6左右", "预期性"),
    ("城镇新增就业", "万人", "1.2", "预期性"),
    ("城镇调查失业率", "%", "5.5以内", "预期性"),
    ("居民人均可支配收入增长", "%", "与经济增长同步", "预期性"),
    ("单位地区生产总值能耗降低", "%", "完成省下达任务", "约束性"),
]


def make_report_docx(path: Path) -> Path:
    """A county work report as a Word file: Title and Heading styles, a captioned table of
    indicators between two paragraphs, and core properties (title, author, created)."""
    from datetime import datetime

    import docx

    document = docx.Document()
    document.core_properties.title = "青山县2025年政府工作报告"
    document.core_properties.author = "青山县人民政府办公室"
    document.core_properties.created = datetime(2025, 1, 20, 9, 30)
    document.add_heading("青山县2025年政府工作报告", level=0)
    document.add_heading("一、2024年工作回顾", level=1)
    document.add_paragraph("过去一年，全县地区生产总值增长6.1%，城镇新增就业1.3万人。")
    document.add_heading("二、2025年主要目标", level=1)
    document.add_paragraph("今年全县经济社会发展的主要预期目标如下，请予审议。")
    document.add_paragraph("表1 2025年主要预期目标")
    table = document.add_table(rows=1, cols=4)
    for cell, name in zip(
        table.rows[0].cells, ("指标", "单位", "2025年目标", "指标属性"), strict=True
    ):
        cell.text = name
    for row in INDICATORS:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    document.add_paragraph("实现上述目标，必须坚持稳中求进工作总基调，统筹发展和安全。")
    document.add_heading("（一）扩大有效需求", level=2)
    document.add_paragraph("实施消费提振行动，新建社区便民商业网点三十个，促进消费扩容提质。")
    document.save(str(path))
    return path


def markdown_table(rows: int) -> str:
    """A Markdown report with a caption line, a header and ``rows`` rows of emphasis and pipes."""
    lines = [
        "# 青山县2024年重点项目进展",
        "",
        "全县重点项目总体进展顺利，**多数项目**已完成年度投资计划。",
        "",
        "重点项目进展情况表",
        "",
        "| 序号 | 项目名称 | 年度投资（万元） | 进展情况 |",
        "| --- | --- | ---: | --- |",
    ]
    for n in range(1, rows + 1):
        lines.append(f"| {n} | 青山县第{n}号道路改造工程 | {n * 100} | **已完工**，完成投资{n}0% |")
    lines += ["", "- 下一步，县发改局将对未完工项目开展专项督查。", ""]
    return "\n".join(lines)
