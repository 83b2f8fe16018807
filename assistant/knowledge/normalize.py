"""Normalisation: turn a received source file into the clean text every citation quotes.

Each repair answers something really found in the seed files; the order matters and is the order
of `normalize`'s steps:

1. web-page debris: site navigation, font-size widgets, footers, ICP and police-record numbers,
   a vendor's banner and address, markdown links and HTML paragraph tags; form rows keep their
   cells apart with ` | `, and a cell of lost checkboxes lists its options (`全国、省级`);
2. mojibake: a character lost in a bad conversion but kept by its pinyin annotation
   (`?,F(xiàn)` -> `。現`), and `?` standing for lost punctuation between two sentences;
3. pinyin annotations after characters (`業(yè)` -> `業`);
4. Traditional to Simplified characters (OpenCC `t2s`; never `tw2sp`, which rewrites 智慧 as 智能);
5. a stray English `and` between Chinese words (`思想 and 党的` -> `思想和党的`);
6. (after step 8, so a clause split by a page break is whole again) ASCII punctuation inside
   Chinese text made full-width (`(四)` -> `（四）`, `,` -> `，`) so that
   every document numbers and punctuates its clauses the same way; `5,000` stays as it is;
7. markdown emphasis and heading marks dropped (the clause parser reads the numbering instead);
8. lines broken mid-sentence joined again (a long line that stops without punctuation, or any
   line that stops on a comma), and the character that a page break duplicated
   (`……显著增强，智` / `智慧广电发展……`) dropped at the join; table rows are never joined;
9. whitespace folded: no spaces between Chinese characters (or a Chinese character and a
   number), single blank lines between paragraphs.
"""

from __future__ import annotations

import re

from assistant.text.chinese import to_simplified
from assistant.text.numbering import CN_DIGITS

CJK = r"\u3400-\u9fff"
FULLWIDTH_PUNCT = "，。、；：！？（）“”‘’《》〔〕【】…—"
PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ"

# Lines that are the web page around a document, not the document.
DEBRIS_LINE_PATTERNS = [
    r"^字体：\[.*\]$",
    r"^视力保护色：?$",
    r"^\[【关闭页面】\].*",
    r"^下一篇：.*",
    r"^\[设为首页\].*",
    r"^国务院$",
    r"^互联网\+督查$",
    r"^“国家政务服务投诉$",
    r"^与建议”小程序$",
    r"^广电总局$",
    r"^微信公众号$",
    r"^广电总局APP$",
    r"^版权所有：.*",
    r"^主办单位：.*",
    r"^政府标准识别码：.*",
    r"^京公网安备.*",
    r"^本网站支持ipv6访问$",
    r"^地址：北京市西城区复兴门外大街2号$",
    r"^技术支持：国家广播电视总局信息中心$",
    r"^ICP备案编号：.*",
    r"^网络视听节目许可证：.*",
    r"^行[業业]\(yè\)新[聞闻]$",
    r"^致力于.*廣播設備.*$",
    r"^.*工程有限公司地址:.*$",
    r"^Copyright .*ICP.*$",
    # generic page furniture of government sites, mirrors and WeChat reposts (notices added later)
    r"^(?:[\[【]?(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|返回顶部|收藏|分享|返回)[\]】]?\s*[|｜/]?\s*)+$",
    r"^(?:当前位置|您(?:现在)?的位置|所在位置|位置)[：:].{0,80}$",
    r"^首页\s*[>»›＞].{0,80}$",
    r"^(?:分享到|扫一扫|微信扫一扫|用微信扫描|手机扫码|扫码).{0,30}$",
    r"^(?:点击上方|点击蓝字|长按识别|长按二维码|阅读原文|预览时标签不可点|在看|点赞|赞赏|留言|微信号).{0,30}$",
    r"^(?:责任编辑|编辑|审核|校对|浏览次数|访问量|点击数|阅读数)[：:].{0,40}$",
    r"^(?:上一篇|下一篇)[：:].*",
    r"^(?:网站地图|联系我们|关于我们|隐私政策|使用帮助)(?:\s*[|｜]\s*\S{1,8})*$",
    r"^(?:©|版权所有|Copyright).{0,80}$",
    r"^.{0,40}(?:ICP备|公网安备).{0,40}$",
    r"^原创\s.{0,60}$",
    r"^首页$",
    r"^[>»›＞]\s*\S.{0,60}$",
    r"^.{0,60}(?:视力保护色|【字号|字号：|【打印】|【关闭】).{0,40}$",
    r"^.{0,30}\s+20\d{2}[-/年]\d{1,2}[-/月]\d{1,2}日?\s+\d{1,2}:\d{2}(?:\s+\S{1,6})?$",
    r"^20\d{2}[-/]\d{1,2}[-/]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$",
    r"^(?:字号|字体)[：:]?\s*[【\[]?[大中小](?:\s*[大中小]){0,2}[】\]]?$",
]
DEBRIS_LINES = [re.compile(p) for p in DEBRIS_LINE_PATTERNS]
# Page-view counters glued to a news item's date line.
DEBRIS_FRAGMENTS = [re.compile(r"[瀏浏][覽览](?:\([a-zǎ]+\))?量:\d+")]

# Characters lost in a bad conversion whose pinyin annotation survived, with the garbage left in
# their place; the annotation tells which character it was.
LOST_CHARACTERS = {"xiàn": "現"}
LOST_CHARACTER = re.compile(rf"\?,[A-Za-z]\(([{PINYIN_LETTERS}]+)\)")
PINYIN_ANNOTATION = re.compile(rf"(?<=[{CJK}])\([{PINYIN_LETTERS}]+\)")
LOST_PUNCTUATION = re.compile(rf"(?<=[{CJK}])\?(?=[{CJK}])")
STRAY_AND = re.compile(rf"(?<=[{CJK}”])\s*\band\b\s*(?=[{CJK}“])")
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(#?[^)]*\)")
HTML_TAG = re.compile(r"</?p>")
TABLE_CELL_GAP = re.compile(r"\t+")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s*")
BOLD = re.compile(r"\*\*")

TERMINAL = "。！？；：”」』）)"
CONTINUING = "，、,（(“"
HEADING_START = re.compile(rf"^(?:{CN_DIGITS}、|[（(](?:{CN_DIGITS}|\d+)[）)]|\d+[、.．]\D|附件|#)")
LONG_LINE = 50
UNIT = "[年月日时字个号万元%]"


def strip_debris(text: str) -> str:
    """Drop web-page lines and fragments that are not part of the document."""
    kept = []
    for line in text.splitlines():
        stripped = _table_row(line).strip()
        if any(p.match(stripped) for p in DEBRIS_LINES):
            continue
        for fragment in DEBRIS_FRAGMENTS:
            stripped = fragment.sub("", stripped)
        kept.append(stripped)
    text = "\n".join(kept)
    text = MARKDOWN_LINK.sub(r"\1", text)
    return HTML_TAG.sub("", text)


def _table_row(line: str) -> str:
    """A tab-separated form row: cells joined by ` | `; a cell of lost checkboxes (`]全国]省级`)
    becomes the list of its options (`全国、省级`)."""
    if "\t" not in line.strip(" "):
        return line
    cells = [cell.strip() for cell in TABLE_CELL_GAP.split(line.strip("\t ")) if cell.strip()]
    if "[" not in line:
        cells = [_checkbox_cell(cell) for cell in cells]
    return " | ".join(cells) or line


def _checkbox_cell(cell: str) -> str:
    """`案例层级]全国]省级` -> `案例层级 | 全国、省级`: the label, then the options whose boxes were lost."""
    label, *options = cell.split("]")
    listed = "、".join(option for option in options if option)
    return " | ".join(part for part in (label, listed) if part)


def repair_mojibake(text: str) -> str:
    """Restore characters and punctuation lost in a bad encoding conversion."""

    def lost(match: re.Match[str]) -> str:
        char = LOST_CHARACTERS.get(match.group(1))
        return "。" + char if char else match.group(0)

    text = LOST_CHARACTER.sub(lost, text)
    return LOST_PUNCTUATION.sub("。", text)


def strip_pinyin(text: str) -> str:
    return PINYIN_ANNOTATION.sub("", text)


def replace_stray_and(text: str) -> str:
    return STRAY_AND.sub("和", text)


def fullwidth_punctuation(text: str) -> str:
    """Make ASCII punctuation that sits in Chinese text full-width; numbers and URLs keep theirs."""
    text = re.sub(r"\(([^()\n]*)\)", _fullwidth_parens, text)
    text = re.sub(rf"(?<=[{CJK}{FULLWIDTH_PUNCT}）]),|,(?=[{CJK}（“]|\d+年)", "，", text)
    text = re.sub(rf"(?<=[{CJK}）]):|:(?=[{CJK}（“])", "：", text)
    return re.sub(rf"(?<=[{CJK}）]);|;(?=[{CJK}（“\d])", "；", text)


def _fullwidth_parens(match: re.Match[str]) -> str:
    inner = match.group(1)
    if re.search(rf"[{CJK}]", inner) or re.fullmatch(r"\s*\d+\s*", inner):
        return f"（{inner.strip()}）"
    return match.group(0)


def strip_markup(text: str) -> str:
    lines = [BOLD.sub("", MARKDOWN_HEADING.sub("", line)) for line in text.splitlines()]
    return "\n".join(lines)


def fold_whitespace(text: str) -> str:
    """One space at most inside a line, none next to Chinese text; one blank line between paragraphs."""
    lines = []
    for line in text.splitlines():
        line = re.sub(r"[ \t\u3000\xa0]+", " ", line).strip()
        line = re.sub(rf"(?<=[{CJK}{FULLWIDTH_PUNCT}]) (?=[{CJK}{FULLWIDTH_PUNCT}])", "", line)
        line = re.sub(rf"(?<=[{CJK}{FULLWIDTH_PUNCT}]) (?=\d[\d,.]* ?{UNIT})", "", line)
        line = re.sub(rf"(?<=\d) (?={UNIT}|[{FULLWIDTH_PUNCT}])", "", line)
        lines.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def join_broken_lines(text: str) -> str:
    """Join a paragraph that a page break split, and drop the character the break duplicated."""
    paragraphs = [p for p in text.splitlines() if p.strip()]
    joined: list[str] = []
    for para in paragraphs:
        if joined and _continues(joined[-1], para):
            head = joined[-1]
            if head[-1] == para[0] and re.match(rf"[{CJK}]", para[0]):
                para = para[1:]
            joined[-1] = head + para
        else:
            joined.append(para)
    return "\n\n".join(joined)


def _continues(previous: str, line: str) -> bool:
    if HEADING_START.match(line) or " | " in previous or " | " in line:
        return False
    if OWN_PARAGRAPH.match(line):
        return False
    if TITLE_END.search(previous) and "关于" in previous:
        return False  # a title line: what follows (its number, the addressees) is another paragraph
    last = previous[-1]
    if last in CONTINUING:
        return True
    if last in TERMINAL:
        return False
    return bool(re.match(rf"[{CJK}]", last)) and len(previous) >= LONG_LINE


FLATTENED = 400
"""A line this long holds a whole page flattened into one line (a copy that lost its markup)."""
FLAT_BREAKS = [
    re.compile(r"(?<=[。：；:;])\s*(?=[一二三四五六七八九十]{1,2}、)"),
    re.compile(r"(?<=[。：；:;])\s*(?=[（(][一二三四五六七八九十]{1,2}[）)])"),
    re.compile(r"(?<=(?:特此|专此)通知。)"),
    re.compile(r"(?=附件[：:])"),
    re.compile(r"\s*(?=联\s*系\s*人\s*[：:及])"),
    re.compile(r"(?<=[局厅部])\s*(?=20\d{2}年\d{1,2}月\d{1,2}日)"),
    re.compile(rf"(?<=\d号)\s*(?=各[{CJK}]{{1,10}}[、，,])"),
    re.compile(rf"(?<=通知)\s*(?=[{CJK}]{{1,6}}\s*[〔\[［]\s*20\d{{2}}\s*[〕\]］]\s*\d{{1,4}}\s*号)"),
]
OWN_PARAGRAPH = re.compile(r"^(?:20\d{2}年\d{1,2}月\d{1,2}日|联\s*系\s*人|附件[：:])")
"""Lines that always open a paragraph: a signature date, the contacts, the attachments."""
TABLE_DEBRIS = re.compile(r"^[|｜\s]+$")
TRAILING_PIPE = re.compile(r"\s+[|｜][|｜\s]*$")
TITLE_PIECE = re.compile(r"^[^。；：，]{2,40}$")
TITLE_END = re.compile(r"(?:通知|公告|通告|决定)$")
ISSUER_LINE = re.compile(rf"^[{CJK}]{{4,20}}(?:局|厅|部|委员会)$")


def unflatten(text: str) -> str:
    """Break a flattened page (one enormous line) back into paragraphs where its numbering,
    closing formula, attachments, contacts and document number begin; drop empty table rows."""
    lines = []
    for line in text.splitlines():
        if TABLE_DEBRIS.match(line) and ("|" in line or "｜" in line):
            continue
        line = TRAILING_PIPE.sub("", line) if line.count("|") <= 2 else line
        if len(line) >= FLATTENED:
            for pattern in FLAT_BREAKS:
                line = pattern.sub("\n", line)
        lines.append(line)
    return "\n".join(lines)


def join_broken_title(text: str) -> str:
    """A title set over several short lines near the top (`……关于做好2022年度` / `……的通知`) in
    one line, with the issuer's line above it when that line names only the issuer."""
    paragraphs = text.split("\n")
    content = [i for i, p in enumerate(paragraphs[:40]) if p.strip()]
    for at, index in enumerate(content):
        last = paragraphs[index].strip()
        if not TITLE_END.search(last) or "关于" in last or not TITLE_PIECE.match(last):
            continue
        start = at
        while start > 0 and at - start < 3 and TITLE_PIECE.match(paragraphs[content[start - 1]].strip()):
            start -= 1
            if "关于" in paragraphs[content[start]]:
                break
        pieces = [paragraphs[i].strip() for i in content[start : at + 1]]
        if "关于" not in pieces[0]:
            return text
        above = paragraphs[content[start - 1]].strip() if start > 0 else ""
        if ISSUER_LINE.match(above):
            start -= 1
            pieces.insert(0, above)
        paragraphs[content[start]] = "".join(pieces)
        for i in content[start + 1 : at + 1]:
            paragraphs[i] = ""
        break
    return "\n".join(paragraphs)


def normalize(raw: str) -> str:
    """The full normalisation of one source file (see the module docstring for each step)."""
    text = (
        raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    )  # a BOM, or a zero-width no-break space anywhere
    text = unflatten(text)
    text = strip_debris(text)
    text = repair_mojibake(text)
    text = strip_pinyin(text)
    text = to_simplified(text)
    text = replace_stray_and(text)
    text = strip_markup(text)
    text = join_broken_lines(text)
    text = join_broken_title(text)
    text = fullwidth_punctuation(text)
    return fold_whitespace(text)
