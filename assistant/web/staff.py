"""The staff desk in the browser: curated answers (edit, approve, import, export), the review
queue, batch answering, the dashboard and the question log.

Mounted by app.py at /staff behind Gradio's login; the password is checked against the hash in
the settings (`ASSISTANT_STAFF__PASSWORD_HASH`). There is no default password: without a hash
`build_staff` refuses and the app serves the applicant pages only. Everything this module shows,
its API routes and files included, lives under the protected mount.
"""

from __future__ import annotations

import json
import logging
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr
import pandas as pd

from assistant.contract import Citation
from assistant.errors import AssistantError
from assistant.staff import dashboard
from assistant.staff.auth import verify_password
from assistant.staff.batch import answer_all, questions_from_file, questions_from_text, write_answers
from assistant.staff.curated import CuratedAnswer, check_quotes
from assistant.staff.review_queue import ReviewGroup
from assistant.web import views as webui
from assistant.web.notice_review import build_notice_review

if TYPE_CHECKING:
    from fastapi import FastAPI

    from assistant.service import Assistant
    from assistant.staff.desk import StaffDesk as StaffDeskCore

log = logging.getLogger(__name__)
STAFF_PATH = "/staff"
STATUS_NAMES = {"draft": "待审核", "approved": "已批准", "retired": "已停用"}
CURATED_COLUMNS = ["编号", "状态", "问题", "通知", "命中", "版本", "有效期至", "备注"]
QUEUE_COLUMNS = ["序号", "次数", "问题", "原因", "通知"]
LOG_COLUMNS = ["时间", "问题", "通知", "答复方式", "可答", "检索分", "耗时ms", "反馈"]
LOG_ROWS = 200


class StaffNotConfigured(AssistantError):
    code = "staff_not_configured"


def password_check(password_hash: str | None, user: str) -> Any:
    """Gradio's auth callable; refuses to exist without a configured hash."""
    if not password_hash:
        raise StaffNotConfigured(
            "未设置工作人员密码（ASSISTANT_STAFF__PASSWORD_HASH），工作人员页面不启动；"
            "用 `python -m assistant staff hash-password` 生成。"
        )

    def check(name: str, password: str) -> bool:
        return name == user and verify_password(password, password_hash)

    return check


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class StaffDesk:
    """The handlers of the staff pages."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    @property
    def desk(self) -> StaffDeskCore:
        return self.assistant.staff

    # -- curated answers -----------------------------------------------------------------------

    def curated_table(self) -> pd.DataFrame:
        rows = [
            [
                a.id,
                STATUS_NAMES[a.status],
                a.question,
                webui.doc_name(a.notice) if a.notice else "",
                a.hit_count,
                a.version,
                a.valid_until.isoformat() if a.valid_until else "",
                a.review_note,
            ]
            for a in self.desk.curated.all()
        ]
        return pd.DataFrame(rows, columns=CURATED_COLUMNS)

    def load(self, faq_id: str) -> tuple[str, str, str, str, str, str, str]:
        answer = self.desk.curated.get(faq_id.strip())
        return _form(answer)

    def save(
        self,
        faq_id: str,
        question: str,
        variants: str,
        answer: str,
        notice: str,
        sources: str,
        valid_until: str,
        *,
        status: str,
    ) -> tuple[str, pd.DataFrame, str]:
        """Save the form as `status`; returns the id, the refreshed table and a message."""
        try:
            citations = check_quotes([Citation.model_validate(c) for c in json.loads(sources or "[]")])
            draft = CuratedAnswer(
                question=question.strip(),
                variants=_lines(variants),
                answer=answer.strip(),
                citations=citations,
                notice=notice or None,
                status=status,
                valid_until=date.fromisoformat(valid_until) if valid_until.strip() else None,
                author="staff",
                reviewer="staff" if status == "approved" else "",
            )
        except (ValueError, AssistantError) as exc:
            return faq_id, self.curated_table(), f"未保存：{exc}"
        if faq_id.strip():
            draft = draft.model_copy(update={"id": faq_id.strip()})
        saved = self.desk.curated.save(draft)
        duplicates = self.desk.near_duplicates(saved)
        warning = (
            "；注意，可能与这些答复重复：" + "、".join(f"{d.id}（{d.question}）" for d in duplicates)
            if duplicates
            else ""
        )
        return saved.id, self.curated_table(), f"已保存 {saved.id}（{STATUS_NAMES[saved.status]}）{warning}"

    def import_file(self, path: str | None) -> tuple[pd.DataFrame, dict[str, Any]]:
        if not path:
            return self.curated_table(), {"error": "没有收到文件"}
        try:
            result = self.desk.curated.import_file(Path(path))
        except AssistantError as exc:
            return self.curated_table(), {"error": exc.message}
        return self.curated_table(), result.model_dump()

    def export(self, kind: str) -> str:
        folder = Path(tempfile.mkdtemp(prefix="faq-export-"))
        if kind == "评测 JSONL":
            return str(self.desk.curated.export_eval(folder / "curated-eval.jsonl").file)
        return str(self.desk.curated.export_file(folder / f"curated{kind}").file)

    # -- review queue --------------------------------------------------------------------------

    def review_queue(self) -> tuple[pd.DataFrame, list[ReviewGroup]]:
        """The groups as a table, and as the session's state (what the 序号 of `promote` refers to)."""
        groups = self.desk.review_queue()
        rows = [
            [
                i,
                g.count,
                g.question,
                "、".join(f"{k}×{v}" for k, v in g.reasons.items()),
                webui.doc_name(g.notice) if g.notice else "",
            ]
            for i, g in enumerate(groups, start=1)
        ]
        return pd.DataFrame(rows, columns=QUEUE_COLUMNS), groups

    def promote(
        self, number: float | None, groups: list[ReviewGroup]
    ) -> tuple[str, str, str, str, str, str, str, str]:
        """Fill the curated-answer form from a review group; warn about near-duplicates."""
        index = int(number or 0) - 1
        if not 0 <= index < len(groups or []):
            return ("", "", "", "", "", "[]", "", "请先刷新待审问题，再填写有效的序号。")
        promotion = self.desk.promote(groups[index], author="staff")
        message = "已填入审核答复表单（草稿），请修改后保存或批准。"
        if promotion.near_duplicates:
            message += " 可能重复：" + "、".join(f"{d.id}（{d.question}）" for d in promotion.near_duplicates)
        return (*_form(promotion.draft, with_id=False), message)

    # -- batch answering -----------------------------------------------------------------------

    def batch(self, text: str, path: str | None) -> tuple[pd.DataFrame, str | None, str]:
        try:
            questions = questions_from_file(Path(path)) if path else questions_from_text(text)
            if not questions:
                raise AssistantError("请粘贴问题（每行一个）或上传 .xlsx / .csv / .txt 文件。")
            rows = answer_all(questions, lambda q: self.assistant.ask(q))
        except AssistantError as exc:
            return pd.DataFrame(columns=["问题", "答复"]), None, exc.message
        table = pd.DataFrame(
            [[r.number, r.question, r.answer, r.sources] for r in rows],
            columns=["序号", "问题", "答复", "来源"],
        )
        out = write_answers(rows, Path(tempfile.mkdtemp(prefix="batch-")) / "批量答复.xlsx")
        return table, str(out), f"已答复 {len(rows)} 个问题。"

    # -- dashboard and log ---------------------------------------------------------------------

    def dashboard(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        entries = self.desk.log.entries(limit=20_000) if self.desk.log else []
        return (
            dashboard.top_questions(entries),
            dashboard.not_covered_by_notice(entries, webui.doc_name),
            dashboard.not_covered_by_week(entries),
            dashboard.feedback_counts(entries),
            dashboard.answer_kinds(entries),
        )

    def log_table(self) -> pd.DataFrame:
        entries = self.desk.log.entries(limit=LOG_ROWS) if self.desk.log else []
        rows = [
            [
                e.created_at.strftime("%Y-%m-%d %H:%M"),
                e.question,
                e.notice or "",
                dashboard.KIND_NAMES[e.kind],
                "是" if e.answerable else "否",
                "" if e.top_score is None else round(e.top_score, 4),
                round(e.latency_ms),
                {"up": "👍", "down": f"👎 {e.feedback_reason or ''}"}.get(e.feedback or "", ""),
            ]
            for e in entries
        ]
        return pd.DataFrame(rows, columns=LOG_COLUMNS)


def _form(answer: CuratedAnswer, with_id: bool = True) -> tuple[str, str, str, str, str, str, str]:
    return (
        answer.id if with_id else "",
        answer.question,
        "\n".join(answer.variants),
        answer.answer,
        answer.notice or "",
        json.dumps([c.model_dump() for c in answer.citations], ensure_ascii=False, indent=1),
        answer.valid_until.isoformat() if answer.valid_until else "",
    )


def build_staff(assistant: Assistant) -> gr.Blocks:
    """The staff Blocks (mount it behind the login with `mount_staff`)."""
    ui = StaffDesk(assistant)
    notices = [("（不限）", ""), *webui.document_choices()]
    with gr.Blocks(title="工作人员 · 智慧广电案例征集助手") as staff:
        gr.Markdown("## 工作人员后台")
        with gr.Tabs():
            with gr.Tab("通知管理", id="notices"):
                build_notice_review(assistant)
            with gr.Tab("审核答复", id="curated"):
                table = gr.Dataframe(ui.curated_table, interactive=False, wrap=True, elem_id="curated-table")
                with gr.Row():
                    faq_id = gr.Textbox(label="编号（新建时留空）", elem_id="faq-id", scale=2)
                    load = gr.Button("载入", scale=1)
                question = gr.Textbox(label="标准问题", elem_id="faq-question")
                variants = gr.Textbox(label="其他问法（每行一个）", lines=3)
                answer = gr.Textbox(label="答复", lines=5, elem_id="faq-answer")
                with gr.Row():
                    notice = gr.Dropdown(notices, value="", label="通知")
                    valid_until = gr.Textbox(label="有效期至（YYYY-MM-DD，可空）")
                sources = gr.Code(value="[]", language="json", label="出处（Citation 列表）")
                with gr.Row():
                    save_draft = gr.Button("保存为草稿")
                    approve = gr.Button("批准", variant="primary", elem_id="faq-approve")
                    retire = gr.Button("停用", variant="stop")
                message = gr.Markdown(elem_id="faq-message")
                form = [faq_id, question, variants, answer, notice, sources, valid_until]
                load.click(ui.load, faq_id, form, api_visibility="private")
                for button, status in ((save_draft, "draft"), (approve, "approved"), (retire, "retired")):
                    button.click(
                        lambda *values, s=status: ui.save(*values, status=s),
                        form,
                        [faq_id, table, message],
                        api_visibility="private",
                    )
                with gr.Accordion("导入 / 导出", open=False):
                    upload = gr.File(
                        label="导入（.csv / .xlsx / .jsonl）", file_types=[".csv", ".xlsx", ".jsonl"]
                    )
                    report = gr.JSON(label="导入结果")
                    upload.upload(ui.import_file, upload, [table, report], api_visibility="private")
                    with gr.Row():
                        kind = gr.Radio(
                            [".csv", ".xlsx", ".jsonl", "评测 JSONL"], value=".xlsx", label="导出格式"
                        )
                        export = gr.Button("导出已批准的答复")
                    exported = gr.File(label="下载")
                    export.click(ui.export, kind, exported, api_visibility="private")
            with gr.Tab("待审问题", id="queue"):
                refresh = gr.Button("刷新")
                queue_table = gr.Dataframe(interactive=False, wrap=True, elem_id="queue-table")
                with gr.Row():
                    number = gr.Number(label="序号", precision=0)
                    promote = gr.Button("转为审核答复（草稿）", variant="primary")
                promote_message = gr.Markdown()
                groups = gr.State([])
                refresh.click(ui.review_queue, None, [queue_table, groups], api_visibility="private")
                promote.click(
                    ui.promote, [number, groups], [*form, promote_message], api_visibility="private"
                )
            with gr.Tab("批量答复", id="batch"):
                pasted = gr.Textbox(label="问题（每行一个）", lines=8)
                batch_file = gr.File(
                    label="或上传 .xlsx / .csv / .txt", file_types=[".xlsx", ".csv", ".txt"], type="filepath"
                )
                run = gr.Button("全部答复", variant="primary")
                batch_message = gr.Markdown()
                batch_table = gr.Dataframe(interactive=False, wrap=True)
                batch_out = gr.File(label="下载 .xlsx")
                run.click(
                    ui.batch,
                    [pasted, batch_file],
                    [batch_table, batch_out, batch_message],
                    api_visibility="private",
                )
            with gr.Tab("统计", id="dashboard"):
                update = gr.Button("刷新")
                counts: list[float | None] = [0, None]  # bars start at zero even when all are equal
                rates: list[float | None] = [0, 1]
                top = gr.BarPlot(
                    x="问题", y="次数", title="最常见的问题", sort="-y", x_label_angle=-30, y_lim=counts
                )
                by_notice = gr.BarPlot(x="通知", y="未覆盖率", title="各通知未覆盖率", y_lim=rates)
                by_week = gr.LinePlot(x="周", y="未覆盖率", title="每周未覆盖率", y_lim=rates)
                feedback = gr.BarPlot(x="反馈", y="次数", title="用户反馈", y_lim=counts)
                kinds = gr.BarPlot(x="答复方式", y="次数", title="答复方式", y_lim=counts)
                plots = [top, by_notice, by_week, feedback, kinds]
                gr.on([staff.load, update.click], ui.dashboard, None, plots, api_visibility="private")
            with gr.Tab("问题日志", id="log"):
                reload = gr.Button("刷新")
                log_table = gr.Dataframe(interactive=False, wrap=True)
                gr.on([staff.load, reload.click], ui.log_table, None, log_table, api_visibility="private")
    queued: gr.Blocks = staff.queue(default_concurrency_limit=4)
    return queued


def mount_staff(app: FastAPI, assistant: Assistant, max_file_size: int | None = None) -> bool:
    """Mount the staff pages at /staff behind the login; False (and a logged reason) without a hash."""
    settings = assistant.settings.staff
    try:
        check = password_check(settings.password_hash, settings.user)
    except StaffNotConfigured as exc:
        log.error("%s", exc.message)
        return False
    gr.mount_gradio_app(
        app,
        build_staff(assistant),
        path=STAFF_PATH,
        auth=check,
        auth_message="工作人员登录",
        max_file_size=max_file_size,
        **webui.page_options(),
    )
    return True


def serve(demo: gr.Blocks, assistant: Assistant, launch: dict[str, Any] | None = None) -> None:
    """Serve the applicant pages at / (public) and the staff pages at /staff (login). `launch` holds
    the bounds app.py would give `Blocks.launch` (max_file_size, state_session_capacity, and
    app_kwargs' middleware), applied here to both mounts."""
    from fastapi import FastAPI

    from assistant.web.server import run

    launch = launch or {}
    settings = assistant.settings.app
    app = FastAPI(**launch.get("app_kwargs", {}))
    capacity = launch.get("state_session_capacity")
    if capacity:
        demo.state_session_capacity = capacity
    mount_staff(app, assistant, launch.get("max_file_size"))
    gr.mount_gradio_app(
        app,
        demo,
        path="",
        max_file_size=launch.get("max_file_size"),
        **webui.page_options(),
    )
    run(app, settings.host, settings.port, on_stop=assistant.close)
