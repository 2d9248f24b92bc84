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
