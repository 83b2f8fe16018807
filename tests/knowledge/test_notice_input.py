"""Reading notices staff upload (web pages, PDFs, any encoding) and normalising reposts."""

from __future__ import annotations

import zlib

import pytest

from assistant.errors import InputFileError
from assistant.knowledge.normalize import normalize
from assistant.knowledge.reader import read_notice_bytes

TITLE = "关于开展2025年媒体融合典型案例征集和推选工作的通知"


def test_saved_web_page_keeps_the_text_and_drops_the_page() -> None:
    page = f"""<html><head><meta charset="gb2312"><title>x</title><script>var a=1;</script></head>
    <body><nav>首页 | 政务公开 | 通知公告</nav>
    <div class="content"><p>{TITLE}</p><p>一、征集类别</p>正文<b>加粗</b>一句。<br>下一行</div>
    <footer>版权所有：某某局 京ICP备000号</footer></body></html>"""
    text = read_notice_bytes("notice.html", page.encode("gb18030"))
    assert text.splitlines() == [TITLE, "一、征集类别", "正文加粗一句。", "下一行"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16"])
def test_plain_text_in_any_common_encoding(encoding: str) -> None:
    traditional = "關於開展2025年媒體融合典型案例徵集和推選工作的通知\n各省、自治區、直轄市廣播電視局："
    assert read_notice_bytes("notice.txt", traditional.encode(encoding)) == traditional


def _pdf(stream: bytes) -> bytes:
    """A one-page PDF whose content stream is `stream` (offsets computed, so readers accept it)."""
    body = zlib.compress(stream)
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d/Filter/FlateDecode>>stream\n" % len(body) + body + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_with_a_text_layer_is_read() -> None:
    pdf = _pdf(b"BT /F1 12 Tf 10 50 Td (Deadline 2025-12-20, quota 3 per province) Tj ET")
    assert "Deadline 2025-12-20" in read_notice_bytes("notice.pdf", pdf)


def test_scanned_pdf_gets_a_clear_message() -> None:
    with pytest.raises(InputFileError, match="扫描件"):
        read_notice_bytes("scan.pdf", _pdf(b"q 300 0 0 100 0 0 cm Q"))


def test_repost_debris_is_removed() -> None:
    """Lines as found on mirrors, government sites and WeChat reposts of NRTA notices."""
    raw = "\n".join(
        [
            "首页",
            "> 新闻> 专项工作> 播出机构> 广告管理",
            "当前位置：首页 > 政务公开 > 通知公告",
            "原创 广电时评 2024年12月19日 12:05 北京",
            "2023-01-13 17:50 来源：传媒机构管理司视力保护色：【字号：",
            "关於開展2025年媒體融合(hé)典型案例徵集的通知",
            "正文一句。",
            "【打印本页】 【关闭窗口】",
            "分享到：",
            "版权所有：某省广播电视局 ICP备12345号",
        ]
    )
    assert normalize(raw) == "关于开展2025年媒体融合典型案例征集的通知\n\n正文一句。\n"


def test_a_flattened_page_and_a_broken_title_are_restored() -> None:
    flat = (
        "国家广播电视总局办公厅关于开展2025年某项征集工作的通知 广电办发〔2025〕9号 各省、自治区广播电视局："
        + "为推动工作，现就有关事项通知如下: 一、征集对象 本次征集"
        + "具体内容说明。" * 60
        + "特此通知。 附件：申报表 国家广播电视总局办公厅 2025年3月1日 联 系 人:张三 联系电话:010-12345678"
    )
    lines = normalize(flat).splitlines()
    assert lines[0] == "国家广播电视总局办公厅关于开展2025年某项征集工作的通知"
    assert "广电办发〔2025〕9号" in lines and "2025年3月1日" in lines
    assert any(line.startswith("一、征集对象") for line in lines)
    assert lines[-1] == "联系人：张三联系电话：010-12345678"
    broken = "国家广播电视总局办公厅\n\n关于开展第五批某某\n\n项目库申报工作的通知\n\n各省：\n\n正文。"
    assert normalize(broken).splitlines()[0] == "国家广播电视总局办公厅关于开展第五批某某项目库申报工作的通知"
