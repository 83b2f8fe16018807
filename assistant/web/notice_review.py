"""The staff page for added notices: upload a notice, see every extracted field with its quote
highlighted in the text, accept, correct or reject a field, approve or remove the notice.

`build_notice_review(assistant)` builds the tab's contents inside the caller's `gr.Tab`, so the
integrator can move it behind the staff login unchanged.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.errors import AssistantError
from assistant.knowledge.notice_meta import FieldReview
from assistant.knowledge.notice_store import NoticeStore

if TYPE_CHECKING:
    from assistant.service import Assistant

COLUMNS = ["字段", "提取值", "置信度", "状态", "原文"]
STATE_NAMES = {"pending": "待核对", "accepted": "已确认", "corrected": "已更正", "rejected": "已否决"}
ACTIONS = {"确认": "accept", "更正": "correct", "否决": "reject"}


def highlighted_text(text: str, quotes: list[str], chosen: str | None = None) -> str:
    """The notice's text as HTML with every quote marked; the chosen field's quote stands out."""
    spans: list[tuple[int, int, bool]] = []
    for quote in dict.fromkeys(q for q in quotes if q):
        start = text.find(quote)
        if start >= 0:
            spans.append((start, start + len(quote), quote == chosen))
    spans.sort()
    parts, at = [], 0
    for start, end, strong in spans:
        if start < at:
            continue  # overlaps an earlier mark: keep the text once
        parts.append(html.escape(text[at:start]))
        style = "background:#ffd54f;outline:2px solid #e65100" if strong else "background:#fff3b0"
        parts.append(f'<mark style="{style}">{html.escape(text[start:end])}</mark>')
        at = end
    parts.append(html.escape(text[at:]))
    body = "".join(parts).replace("\n", "<br>")
    return f'<div class="notice-text" style="max-height:32em;overflow:auto;line-height:1.7">{body}</div>'


def review_rows(review: list[FieldReview]) -> list[list[Any]]:
    return [
        [
            r.field,
            r.value if isinstance(r.value, str) else json.dumps(r.value, ensure_ascii=False),
            round(r.confidence, 2),
            STATE_NAMES[r.state] + ("（" + "；".join(r.checks) + "）" if r.checks else ""),
            r.source.quote if r.source else "",
        ]
        for r in review
    ]


def build_notice_review(assistant: Assistant) -> None:
    store = NoticeStore(assistant.settings.home)

    def choices() -> list[str]:
        return store.ids()

    def show(notice_id: str | None, field: str | None = None) -> tuple[str, list[list[Any]], Any, str]:
        if not notice_id or not store.exists(notice_id):
            return "请先上传或选择一份通知。", [], gr.update(choices=[], value=None), ""
        meta = store.meta(notice_id)
        quotes = [r.source.quote for r in meta.review if r.source and r.state != "rejected"]
        chosen = next((r.source.quote for r in meta.review if r.field == field and r.source), None)
        status = "已批准" if meta.status == "approved" else "草稿（回答会注明“未经核对”）"
        head = f"**{meta.title}**　编号 `{meta.id}`　状态：{status}"
        fields = [r.field for r in meta.review if r.state != "rejected"]
        return (
            head,
            review_rows(meta.review),
            gr.update(choices=fields, value=field if field in fields else None),
            highlighted_text(store.text(notice_id), quotes, chosen),
        )

    def upload(path: str | None, wanted_id: str) -> tuple[Any, str]:
        if not path:
            return gr.update(), "请选择通知文件（.txt .md .html .docx .pdf）。"
        try:
            result = assistant.notices.add(path, notice_id=wanted_id.strip() or None)
        except AssistantError as exc:
            return gr.update(), f"添加失败：{exc.message}"
        return gr.update(
            choices=choices(), value=result.id
        ), f"已添加 `{result.id}`，共提取 {len(result.review)} 项，请逐项核对。"

    def act(notice_id: str | None, field: str | None, action: str, value: str) -> str:
        if not notice_id or not field:
            return "请先选择通知和字段。"
        parsed: Any = value
        if ACTIONS[action] == "correct":
            try:
                parsed = json.loads(value)
            except ValueError:
                parsed = value
        try:
            assistant.notices.review(notice_id, field, ACTIONS[action], parsed)  # type: ignore[arg-type]
        except AssistantError as exc:
            return f"未能修改：{exc.message}"
        return f"{field}：{action}完成。"

    def approve(notice_id: str | None) -> str:
        if not notice_id:
            return "请先选择通知。"
        assistant.notices.approve(notice_id)
        return f"`{notice_id}` 已批准：其规则将像内置通知一样用于回答。"

    def remove(notice_id: str | None) -> tuple[Any, str]:
        if not notice_id:
            return gr.update(), "请先选择通知。"
        try:
            assistant.notices.remove(notice_id)
        except AssistantError as exc:
            return gr.update(), exc.message
        return gr.update(choices=choices(), value=None), f"`{notice_id}` 已删除。"

    with gr.Row():
        upload_file = gr.File(
            label="通知文件", file_types=[".txt", ".md", ".html", ".htm", ".docx", ".pdf"], type="filepath"
        )
        with gr.Column():
            wanted = gr.Textbox(label="编号（可留空，自动生成）", placeholder="notice-2025-media-convergence")
            add_button = gr.Button("上传并提取", variant="primary", elem_id="notice-add")
    message = gr.Markdown(elem_id="notice-message")
    notice = gr.Dropdown(choices(), label="已添加的通知", elem_id="notice-choice")
    head = gr.Markdown()
    with gr.Row():
        with gr.Column(scale=3):
            table = gr.Dataframe(headers=COLUMNS, interactive=False, wrap=True, elem_id="notice-fields")
        with gr.Column(scale=2):
            text = gr.HTML(elem_id="notice-text")
    with gr.Row():
        field = gr.Dropdown([], label="字段", elem_id="notice-field")
        action = gr.Radio(list(ACTIONS), value="确认", label="核对")
        value = gr.Textbox(label="更正为（文字或 JSON）")
        apply = gr.Button("应用")
    with gr.Row():
        approve_button = gr.Button("批准", variant="primary", elem_id="notice-approve")
        remove_button = gr.Button("删除", variant="stop")

    outputs = [head, table, field, text]
    add_button.click(upload, [upload_file, wanted], [notice, message], api_visibility="private")
    notice.change(show, [notice], outputs, api_visibility="private")
    field.change(show, [notice, field], outputs, api_visibility="private")
    apply.click(act, [notice, field, action, value], [message], api_visibility="private").then(
        show, [notice, field], outputs, api_visibility="private"
    )
    approve_button.click(approve, [notice], [message], api_visibility="private").then(
        show, [notice], outputs, api_visibility="private"
    )
    remove_button.click(remove, [notice], [notice, message], api_visibility="private")
