"""Reading an applicant's draft: pasted text, .txt, .md, .docx or .pdf, into one plain text.

Plain text (.txt/.md) may be UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030.
A .docx is read in document order: heading styles become markdown headings (`#`), fully bold
paragraphs `**…**`, automatic numbering is written out (`一、`, `（一）`, `1.` as the list
defines it) and each table row becomes one line of cells joined by ` | `. A .pdf gives its text
layer (see `_pdf_text`). Anything else — a binary file, a broken .docx, a PDF without a text layer
(a scan), an old .doc, an unknown extension, an empty file, a file over
`limits.upload_bytes`, a .docx whose zip directory declares more than `limits.decompressed_bytes`
(a zip bomb: 747 KB inflating to 200 MB of XML took minutes and gigabytes) — raises
`InputFileError` with a message saying what to do. The declared sizes bound what is inflated:
Python's zipfile never reads past an entry's declared size.

A notice staff add (`read_notice_file`) may also be a saved web page (.html: the page's text
without navigation, scripts and footers, through selectolax), a PDF with a text layer (pypdf; a
scanned PDF gets a clear message), or plain text in any common encoding (detected by
charset-normalizer when it is not UTF-8).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.errors import InputFileError
from assistant.settings import get_settings
from assistant.text.chinese import chinese_numeral

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
DOCX_SUFFIX = ".docx"
MAX_ENTRIES = 2_000
"""Parts a .docx may hold; a real one has a few dozen."""
PDF_SUFFIX = ".pdf"
MAX_PDF_PAGES = 100
MIN_PDF_CHARS_PER_PAGE = 30
"""Fewer visible characters than this per page on average: the PDF has no text layer of its own (a
scan or photos; a scanning app's watermark is about 20)."""
PAGE_NUMBER = re.compile(r"^[-—－\s]*(?:\d{1,3}|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)[-—－\s]*$")
PARAGRAPH_END = re.compile(r"[。！？；：!?;:」』”）)]$")
CJK = r"\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef"
CJK_GAP = re.compile(rf"(?<=[{CJK}]) +(?=[{CJK}0-9A-Za-z])|(?<=[0-9A-Za-z]) +(?=[{CJK}])")
"""Spaces a PDF's layout puts between Chinese characters, or between them and digits or letters."""
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HEADING_STYLE = re.compile(r"^(?:Heading|标题)\s*(\d)$", re.IGNORECASE)
DEFAULT_STYLE = "Normal"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CHINESE_FORMATS = {
    "chineseCounting",
    "chineseCountingThousand",
    "chineseLegalSimplified",
    "ideographTraditional",
}


def read_draft_file(path: Path) -> str:
    """The text of a draft file (see the module docstring for what is accepted)."""
    if not path.is_file():
        raise InputFileError(f"找不到文件 {path}")
    _check_size(path.name, path.stat().st_size)
    return read_draft_bytes(path.name, path.read_bytes())


def _check_size(name: str, size: int) -> None:
    limit = get_settings().limits.upload_bytes
    if size > limit:
        raise InputFileError(f"文件 {name} 超过 {_megabytes(limit)}，不像一份申报材料")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.3g} MB"


def read_draft_bytes(name: str, data: bytes) -> str:
    """The text of an uploaded draft called `name` with content `data`."""
    suffix = Path(name).suffix.lower()
    _check_size(name, len(data))
    if not data.strip():
        raise InputFileError(f"文件 {name} 是空的")
    if suffix == DOCX_SUFFIX:
        text = _docx_text(name, data)
    elif suffix == PDF_SUFFIX:
        text = _pdf_text(name, data)
    elif suffix in TEXT_SUFFIXES:
        text = _plain_text(name, data)
    elif suffix == ".doc" or data.startswith(OLE_MAGIC):
        raise InputFileError(f"{name} 是旧版 Word（.doc）文件：请在 Word 中另存为 .docx 后再上传")
    else:
        raise InputFileError(
            f"不支持的文件类型 {suffix or '（无扩展名）'}：请上传 .docx、.pdf、.txt 或 .md 文件"
        )
    if not text.strip():
        raise InputFileError(f"文件 {name} 里没有文字内容")
    return text


def _plain_text(name: str, data: bytes) -> str:
    if data.startswith(ZIP_MAGIC):
        raise InputFileError(f"{name} 实际是压缩包或 .docx 文件：如是 Word 文档，请使用 .docx 扩展名")
    if data.startswith(OLE_MAGIC) or (b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise InputFileError(f"{name} 是二进制文件，不是文本：请上传 .docx、.txt 或 .md 文件")
    text = _decode(name, data)
    if len(CONTROL.findall(text)) > max(3, len(text) // 100):
        raise InputFileError(f"{name} 含大量控制字符，不像文本文件：请检查文件格式")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputFileError(f"{name} 的编码无法识别：请另存为 UTF-8 或 GBK 编码的文本")


def _check_inflated(name: str, data: bytes) -> None:
    """Reject a .docx from its zip directory alone, before anything is inflated."""
    limit = get_settings().limits.decompressed_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputFileError(f"{name} 已损坏或不是 Word 文档，无法读取：{exc}") from None
    if len(entries) > MAX_ENTRIES:
        raise InputFileError(f"{name} 含 {len(entries)} 个部件，不像一份 Word 文档")
    inflated = sum(entry.file_size for entry in entries)
    if inflated > limit:
        raise InputFileError(
            f"{name} 解压后达 {_megabytes(inflated)}，超过上限 {_megabytes(limit)}：请删去大图片或拆分文件"
        )


def _docx_text(name: str, data: bytes) -> str:
    from docx import Document  # python-docx: imported here so plain-text reading stays light

    if not data.startswith(ZIP_MAGIC):
        raise InputFileError(f"{name} 不是有效的 .docx 文件（可能是改了扩展名的其他文件）")
    _check_inflated(name, data)
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputFileError(f"{name} 已损坏或不是 Word 文档，无法读取：{exc}") from None
    except Exception as exc:  # python-docx and lxml raise many types for a broken package
        raise InputFileError(f"{name} 无法作为 Word 文档读取：{type(exc).__name__}") from None
    numbering = _Numbering(document)
    styles = {style.style_id: style for style in document.styles}
    return "\n".join(line for line in _docx_lines(document, numbering, styles) if line.strip())


def _docx_lines(document: Any, numbering: _Numbering, styles: dict[str, Any]) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            yield _paragraph_line(
                paragraph, styles.get(child.style or "") or styles.get(DEFAULT_STYLE), numbering
            )
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                yield " | ".join(cells)


def _paragraph_line(paragraph: Any, style: Any, numbering: _Numbering) -> str:
    """One paragraph as a line; `style` is looked up once per document (python-docx's lookup is slow)."""
    text: str = paragraph.text.strip()
    if not text:
        return ""
    text = numbering.prefix(paragraph, style) + text
    style_name: str = style.name if style is not None else ""
    heading = HEADING_STYLE.match(style_name)
    if heading:
        return "#" * max(1, min(6, int(heading.group(1)))) + " " + text
    if style_name == "Title":
        return "# " + text
    runs = [r for r in paragraph.runs if r.text.strip()]
    if runs and all(r.bold for r in runs):
        return f"**{text}**"
    return text


class _Numbering:
    """Writes out Word's automatic list numbers (`w:numPr`), which `paragraph.text` leaves out."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(_w("abstractNumId")): a for a in root.iter(_w("abstractNum"))}
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            if ref is None or ref.get(_w("val")) not in abstract:
                continue
            for lvl in abstract[ref.get(_w("val"))].iter(_w("lvl")):
                fmt, text = lvl.find(_w("numFmt")), lvl.find(_w("lvlText"))
                self.formats[(num.get(_w("numId")) or "", int(lvl.get(_w("ilvl")) or 0))] = (
                    fmt.get(_w("val")) if fmt is not None else "decimal",
                    text.get(_w("val")) if text is not None else "%1.",
                )

    def prefix(self, paragraph: Any, style: Any) -> str:
        num_pr = _num_pr(paragraph, style)
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        key = (num_id, level)
        if key not in self.formats:
            return ""
        for deeper in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[deeper]
        self.counters[key] = self.counters.get(key, 0) + 1
        fmt, pattern = self.formats[key]
        if fmt == "bullet":
            return ""
        chinese = fmt in CHINESE_FORMATS

        def number(match: re.Match[str]) -> str:
            count = self.counters.get((num_id, int(match.group(1)) - 1), 1)
            return chinese_numeral(count) if chinese else str(count)

        return re.sub(r"%(\d)", number, pattern)


def _num_pr(paragraph: Any, style: Any) -> Any:
    """The paragraph's numbering properties, its own or inherited from its style chain."""
    own = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if own is not None:
        return own
    while style is not None:
        p_pr = style.element.pPr
        if p_pr is not None and p_pr.numPr is not None:
            return p_pr.numPr
        style = style.base_style
    return None


def _pdf_text(name: str, data: bytes) -> str:
    """The text layer of a PDF, page by page, with layout line breaks inside paragraphs undone and
    page numbers dropped. A scan (no text layer), a locked or broken file, or one over the size or
    page bounds raises `InputFileError`."""
    from pypdf import PdfReader  # imported here so reading other formats stays light

    if not data.lstrip().startswith(b"%PDF"):
        raise InputFileError(f"{name} 不是有效的 PDF 文件（可能是改了扩展名的其他文件）")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise InputFileError(f"{name} 设有打开密码：请取消密码后再上传，或上传 Word 文档")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise InputFileError(f"{name} 超过 {MAX_PDF_PAGES} 页，不像一份申报材料：请只上传申报材料本身")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputFileError:
        raise
    except Exception as exc:  # pypdf raises many types for a damaged file
        raise InputFileError(f"{name} 已损坏或不是 PDF 文件，无法读取：{type(exc).__name__}") from None
    text = "\n".join(filter(None, (_pdf_page_lines(page) for page in pages)))
    if len("".join(text.split())) < MIN_PDF_CHARS_PER_PAGE * len(pages):
        raise InputFileError(
            f"{name} 里没有可以复制的文字（可能是扫描件或图片）：请上传 Word 文档或由 Word 导出的 PDF，"
            "或直接粘贴文字"
        )
    return text


def _opens_without_password(reader: Any) -> bool:
    """Whether an encrypted PDF opens with the empty password (many are only copy-protected)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # e.g. AES without the optional `cryptography` package: treat it as locked
        return False


def _pdf_page_lines(page: str) -> str:
    """One page's lines without the page number at its top or foot; a line as wide as the page's
    widest that does not end a sentence is a paragraph broken by the layout and is joined with the
    next."""
    lines = [line for line in (CJK_GAP.sub("", raw.strip()) for raw in page.splitlines()) if line]
    while lines and PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    while lines and PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    full = max((len(line) for line in lines), default=0)
    out: list[str] = []
    joining = False
    for line in lines:
        if joining:
            out[-1] += line
        else:
            out.append(line)
        joining = len(line) >= max(20, 0.85 * full) and not PARAGRAPH_END.search(line)
    return "\n".join(out)


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


NOTICE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
HTML_NOISE = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, button, select"
HTML_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
}
CHINESE_ENCODINGS = ["gb18030", "big5", "big5hkscs", "utf_16"]


def read_notice_file(path: Path) -> str:
    """The text of a notice file: .txt/.md (any common encoding), .html, .docx or .pdf."""
    if not path.is_file():
        raise InputFileError(f"找不到文件 {path}")
    if path.suffix.lower() not in NOTICE_SUFFIXES:
        raise InputFileError(
            f"不支持的文件类型 {path.suffix or '（无扩展名）'}：请上传 {'、'.join(NOTICE_SUFFIXES)} 文件"
        )
    return read_notice_bytes(path.name, path.read_bytes())


def read_notice_bytes(name: str, data: bytes) -> str:
    """A notice upload called `name`: web pages, PDFs and any encoding besides the drafts' formats."""
    _check_size(name, len(data))
    reader = NOTICE_READERS.get(Path(name).suffix.lower())
    if reader is None:
        return read_draft_bytes(name, data)
    if not data.strip():
        raise InputFileError(f"文件 {name} 是空的")
    text = reader(name, data)
    if not text.strip():
        raise InputFileError(f"文件 {name} 里没有文字内容")
    return text


def read_any_encoding(name: str, data: bytes) -> str:
    """Plain text in UTF-8 (BOM or not) or UTF-16 with BOM, else the Chinese encoding
    charset-normalizer finds most likely: Big5 bytes often decode as GB18030 without an error, so
    the detector chooses between them rather than the first that does not fail."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _plain_text(name, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=CHINESE_ENCODINGS).best()
        if best is None:
            raise InputFileError(f"{name} 的编码无法识别：请另存为 UTF-8 编码的文本") from None
        text = str(best)
    if len(CONTROL.findall(text)) > max(3, len(text) // 100):
        raise InputFileError(f"{name} 含大量控制字符，不像文本文件：请检查文件格式")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_html(name: str, data: bytes) -> str:
    """A saved web page's text: one line per block element, without scripts, menus and footers."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(_html_str(data))
    for node in tree.css(HTML_NOISE):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("#zoom, .content, .article, .TRS_Editor") or tree.body
    if root is None:
        raise InputFileError(f"{name} 里没有网页正文")
    for node in root.css(",".join(sorted(HTML_BLOCKS))):
        node.insert_before("\n")
        node.insert_after("\n")
    lines = (root.text(separator="") or "").split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())


def _html_str(data: bytes) -> str:
    """The page as text: the charset it declares when that is a GB one, else detected."""
    head = data[:2048].lower()
    if any(declared in head for declared in (b"gb2312", b"gbk", b"gb18030")):
        return data.decode("gb18030", errors="replace")
    return read_any_encoding("page", data)


NOTICE_READERS = {
    ".txt": read_any_encoding,
    ".md": read_any_encoding,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": _pdf_text,
}
