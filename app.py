"""The web app: builds the Gradio UI and calls the assistant; every view comes from `assistant.webui`.

Run `python app.py` (or `scripts/start`); host, port and queue size come from `assistant.settings`
(`ASSISTANT_APP__HOST`, `ASSISTANT_APP__PORT`, `ASSISTANT_APP__CONCURRENCY`). Fully offline:
analytics off, no CDN, fonts from the system. The named API endpoints (`/ask`, `/classify`,
`/critique`, `/draft`) return the contract's JSON shapes for `gradio_client`; every UI event is
private. Chat answers stream (`Assistant.ask_stream`): line by line without an LLM, token by token
with one, and the verified final answer replaces the streamed text.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import functools
import logging
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import gradio as gr
from gradio.events import api as api_endpoint
from pydantic import BaseModel

from assistant.answering.conversation import Conversation
from assistant.answering.deadlines import DeadlineStatus, deadline_status
from assistant.answering.eligibility import assess
from assistant.answering.profile import ApplicantProfile
from assistant.contract import AskResult, DraftResult
from assistant.errors import AssistantError
from assistant.knowledge.clauses import clauses_of
from assistant.knowledge.documents import registry
from assistant.knowledge.rules import NoticeRules, load_rules
from assistant.service import Assistant
from assistant.web import views as webui

log = logging.getLogger("assistant.app")
P = ParamSpec("P")
R = TypeVar("R")
Message = dict[str, Any]

EXAMPLE_QUESTIONS = [
    "2024年媒体融合典型案例的申报截止时间是什么时候？",
    "我们是县级融媒体中心，可以申报2023年智慧广电网络新服务吗？",
    "智慧广电示范案例的申报材料要包括哪些内容？",
    "全国智慧广电网络新服务每个省可以推荐几个案例？",
]
EXAMPLE_CASES = [
    "我们在县城上线了电视大屏居家养老服务，老人用机顶盒一键呼叫、视频问诊，已覆盖3万户家庭。",
    "依托有线网络为乡镇搭建网格化社会治理和雪亮工程平台，接入视频监控2000路。",
]
THINKING = "正在查找相关条款……"
"""Characters added per streamed update of an answer."""
AUTO = ("自动识别", "")


def user_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn any failure into a message a person understands; the inputs on the page stay as they are."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as exc:
            if not isinstance(exc, AssistantError):
                log.exception("internal error in %s", fn.__name__)
            raise gr.Error(webui.error_message(exc), title="未能完成") from exc

    return wrapper


def rules_or_none(doc_id: str) -> NoticeRules | None:
    """The notice's structured rules, or None while a document has none yet."""
    try:
        return load_rules(doc_id)
    except AssistantError:
        return None


class App:
    """The handlers of every tab; one instance shares one `Assistant` (and its index) across users."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def status(self, doc_id: str) -> DeadlineStatus | None:
        rules = rules_or_none(doc_id)
        return deadline_status(rules, self.assistant.today()) if rules else None

    # -- chat ----------------------------------------------------------------------------------

    def respond(
        self, question: str, history: list[Message], conversation: Conversation, notice: str
    ) -> Iterator[tuple[list[Message], str, Conversation, str]]:
        """Stream one turn; on failure the question goes back into the input box."""
        question = question.strip()
        if not question:
            raise gr.Error("请先输入问题。", title="问题为空")
        shown = [*history, {"role": "user", "content": question}]

        def update(
            content: str, box: str = "", options: Sequence[str] = ()
        ) -> tuple[list[Message], str, Conversation, str]:
            reply: Message = {
                "role": "assistant",
                "content": content,
                "options": [{"value": o} for o in options],
            }
            return [*shown, reply], box, conversation, self.context(conversation)

        yield update(THINKING)
        shown_text = ""
        try:
            for part in self.assistant.ask_stream(question, notice=notice or None, conversation=conversation):
                if isinstance(part, AskResult):
                    yield update(self.answer(part), options=self.follow_ups(part, question, conversation))
                    return
                shown_text += part
                yield update(webui.esc(shown_text))
        except Exception as exc:
            if not isinstance(exc, AssistantError):
                log.exception("ask failed: %s", question)
            yield update(webui.error_html(exc), box=question)

    def answer(self, result: AskResult) -> str:
        status = self.status(result.notice) if result.notice else None
        return webui.answer_message(result, status)

    def follow_ups(self, result: AskResult, question: str, conversation: Conversation) -> list[str]:
        asked = [t.question for t in conversation.turns] or [question]
        return webui.follow_up_questions(asked, result.notice or conversation.notice)

    def context(self, conversation: Conversation) -> str:
        parts = []
        if conversation.notice:
            parts.append(f"当前通知：{webui.doc_name(conversation.notice)}")
        if not conversation.profile.is_empty():
            parts.append(f"申报单位：{conversation.profile.describe()}")
        return "　|　".join(parts)

    # -- forms ---------------------------------------------------------------------------------

    @user_errors
    def eligibility(self, kind: str, level: str, province: str, notice: str) -> str:
        if not kind:
            raise AssistantError("请选择单位类型。")
        profile = ApplicantProfile.model_validate(
            {
                "kind": kind,
                "level": level or None,
                "province": None if province in ("", webui.BINGTUAN) else province,
                "bingtuan": province == webui.BINGTUAN,
            }
        )
        return webui.eligibility_html(assess(profile, load_rules(notice), self.assistant.today()))

    @user_errors
    def classify(self, description: str, notice: str) -> str:
        return webui.classify_html(self.assistant.classify(description, notice=notice or None))

    @user_errors
    def critique(self, text: str, notice: str, category: str) -> str:
        result = self.assistant.critique(text, notice=notice, category=category or None)
        rules = rules_or_none(notice)
        return webui.critique_html(result, rules.length_limits if rules else [])

    @user_errors
    def read_upload(self, path: str | None) -> str:
        from assistant.knowledge.reader import read_draft_bytes

        if not path:
            raise AssistantError("没有收到文件。")
        file = Path(path)
        return read_draft_bytes(file.name, file.read_bytes())

    @user_errors
    def draft(self, facts: str, notice: str, category: str) -> tuple[str, str, str, str]:
        if not category:
            raise AssistantError("请先选择申报类别。")
        result = self.assistant.draft(facts, notice=notice, category=category)
        docx, markdown = export_draft(result)
        return result.text, webui.draft_html(result), docx, markdown

    def categories(self, notice: str) -> Any:
        rules = rules_or_none(notice)
        return gr.update(choices=[AUTO, *webui.category_choices(rules)], value="")

    # -- knowledge -----------------------------------------------------------------------------

    @user_errors
    def knowledge(self, doc_id: str) -> tuple[str, str]:
        tree = webui.clause_tree_html(clauses_of(doc_id))
        rules = rules_or_none(doc_id)
        if rules is None:
            return tree, '<div class="panel">该文件的结构化规则还在整理中。</div>'
        return tree, webui.rules_html(rules, deadline_status(rules, self.assistant.today()))


def export_draft(result: DraftResult) -> tuple[str, str]:
    """Write the draft as .docx and .md into a fresh temporary folder (Gradio serves them from there)."""
    from assistant.review.export import to_docx, to_markdown

    folder = Path(tempfile.mkdtemp(prefix="draft-"))
    docx = folder / "申报材料初稿.docx"
    markdown = folder / "申报材料初稿.md"
    to_docx(result, docx)
    markdown.write_text(to_markdown(result), encoding="utf-8")
    return str(docx), str(markdown)


def chosen_text(evt: gr.SelectData) -> str:
    """The text of a clicked example ({"text": ...}) or follow-up option (its value)."""
    value = evt.value
    return str(value.get("text", "")) if isinstance(value, dict) else str(value)


def build_chat(app: App) -> None:
    with gr.Row():
        notice = gr.Dropdown(
            [AUTO, *webui.document_choices()], value="", label="针对的文件", scale=3, elem_id="chat-notice"
        )
        context = gr.Markdown(elem_id="chat-context")
    chatbot = gr.Chatbot(
        label="对话",
        elem_id="chatbot",
        height=640,
        examples=[{"text": q} for q in EXAMPLE_QUESTIONS],
        placeholder="可以问截止时间、申报条件、材料要求、名额……每个回答都附有原文出处。",
        feedback_options=None,
    )
    conversation = gr.State(Conversation())
    with gr.Row():
        question = gr.Textbox(
            placeholder="输入问题，回车发送", show_label=False, elem_id="question", scale=8, lines=1
        )
        send = gr.Button("发送", variant="primary", elem_id="send", scale=1)
        clear = gr.Button("新对话", scale=1)
    turn_inputs = [question, chatbot, conversation, notice]
    turn_outputs = [chatbot, question, conversation, context]
    gr.on([question.submit, send.click], app.respond, turn_inputs, turn_outputs, api_visibility="private")
    picked = gr.on(
        [chatbot.example_select, chatbot.option_select], chosen_text, None, question, api_visibility="private"
    )
    picked.then(app.respond, turn_inputs, turn_outputs, api_visibility="private")
    clear.click(
        lambda: ([], "", Conversation(), ""),
        None,
        [chatbot, question, conversation, context],
        api_visibility="private",
    )


def build_eligibility(app: App) -> None:
    with gr.Row():
        kind = gr.Dropdown(webui.kind_choices(), label="单位类型", value=None, elem_id="elig-kind")
        level = gr.Dropdown(
            [("（不适用）", ""), *webui.level_choices()], value="", label="层级", elem_id="elig-level"
        )
        province = gr.Dropdown(
            [("（不适用）", ""), *webui.province_choices()],
            value="",
            label="所在省份",
            elem_id="elig-province",
        )
        notice = gr.Dropdown(
            webui.notice_choices(), value=webui.notice_choices()[0][1], label="通知", elem_id="elig-notice"
        )
    check = gr.Button("判断申报资格", variant="primary", elem_id="assess")
    out = gr.HTML(elem_id="elig-result")
    check.click(app.eligibility, [kind, level, province, notice], out, api_visibility="private")


def build_category(app: App) -> None:
    notice = gr.Dropdown(
        webui.notice_choices(), value=webui.notice_choices()[1][1], label="通知", elem_id="category-notice"
    )
    description = gr.Textbox(
        label="案例描述",
        lines=5,
        elem_id="case-text",
        placeholder="用几句话描述案例：做了什么、面向谁、效果如何。",
    )
    gr.Examples([[c] for c in EXAMPLE_CASES], [description], label="示例")
    run = gr.Button("推荐类别", variant="primary", elem_id="classify")
    out = gr.HTML(elem_id="category-result")
    run.click(app.classify, [description, notice], out, api_visibility="private")


def build_critique(app: App) -> None:
    first = webui.notice_choices()[0][1]
    with gr.Row():
        notice = gr.Dropdown(webui.notice_choices(), value=first, label="通知", elem_id="critique-notice")
        category = gr.Dropdown(
            [AUTO, *webui.category_choices(rules_or_none(first))],
            value="",
            label="申报类别",
            elem_id="critique-category",
        )
    notice.change(app.categories, notice, category, api_visibility="private")
    with gr.Row():
        with gr.Column(scale=3):
            upload = gr.File(
                label="上传申报材料（.docx / .txt / .md）",
                file_types=[".docx", ".txt", ".md"],
                type="filepath",
                elem_id="upload",
            )
            text = gr.Textbox(label="申报材料全文（可直接粘贴）", lines=14, elem_id="draft-text")
            check = gr.Button("检查材料", variant="primary", elem_id="check")
        with gr.Column(scale=4):
            report = gr.HTML(elem_id="critique-result")
    upload.upload(app.read_upload, upload, text, api_visibility="private").success(
        app.critique, [text, notice, category], report, api_visibility="private"
    )
    check.click(app.critique, [text, notice, category], report, api_visibility="private")
    with gr.Accordion("根据案例事实生成初稿", open=False):
        facts = gr.Textbox(label="案例事实（单位、做法、数据、成效……）", lines=8, elem_id="facts")
        write = gr.Button("生成初稿", variant="primary", elem_id="write-draft")
        draft_text = gr.Textbox(label="初稿", lines=14, buttons=["copy"], elem_id="draft-output")
        draft_report = gr.HTML()
        with gr.Row():
            docx = gr.DownloadButton("下载 .docx", elem_id="download-docx")
            markdown = gr.DownloadButton("下载 .md", elem_id="download-md")
        write.click(
            app.draft,
            [facts, notice, category],
            [draft_text, draft_report, docx, markdown],
            api_visibility="private",
        )


def build_knowledge(app: App, demo: gr.Blocks) -> None:
    doc = gr.Dropdown(webui.document_choices(), value=next(iter(registry())), label="文件", elem_id="kb-doc")
    with gr.Row():
        with gr.Column():
            gr.Markdown("### 条款结构")
            tree = gr.HTML(elem_id="clause-tree")
        with gr.Column():
            gr.Markdown("### 结构化规则")
            rules = gr.HTML(elem_id="rules-view")
    gr.on([demo.load, doc.change], app.knowledge, doc, [tree, rules], api_visibility="private")


def build_api(assistant: Assistant) -> None:
    """Named endpoints for `gradio_client`: the same JSON shapes as the CLI's `--json` output."""

    @user_errors
    def ask(question: str, notice: str | None = None) -> dict[str, Any]:
        """Answer a question with cited sources."""
        return contract_json(assistant.ask(question, notice=notice or None))

    @user_errors
    def classify(description: str, notice: str | None = None) -> dict[str, Any]:
        """Rank the notice's categories for a case description."""
        return contract_json(assistant.classify(description, notice=notice or None))

    @user_errors
    def critique(text: str, notice: str, category: str | None = None) -> dict[str, Any]:
        """Check a draft against the notice's required elements and limits."""
        return contract_json(assistant.critique(text, notice=notice, category=category or None))

    @user_errors
    def draft(facts: str, notice: str, category: str) -> dict[str, Any]:
        """Write a draft from facts, in the notice's element order."""
        return contract_json(assistant.draft(facts, notice=notice, category=category))

    for fn in (ask, classify, critique, draft):
        api_endpoint(fn, api_name=fn.__name__)


def contract_json(result: BaseModel) -> dict[str, Any]:
    dumped: dict[str, Any] = result.model_dump(mode="json")
    return dumped


def build_app(assistant: Assistant | None = None) -> gr.Blocks:
    """The whole UI, its API endpoints, and a queue serving `settings.app.concurrency` users at once."""
    assistant = assistant or Assistant()
    app = App(assistant)
    demo: gr.Blocks
    with gr.Blocks(title="智慧广电案例征集助手", analytics_enabled=False) as demo:
        build_api(assistant)  # first, so the API endpoints get the plain names
        gr.Markdown(f"## 智慧广电案例征集助手\n{webui.today_line(assistant.today())}")
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                build_chat(app)
            with gr.Tab("申报资格", id="eligibility"):
                build_eligibility(app)
            with gr.Tab("类别推荐", id="category"):
                build_category(app)
            with gr.Tab("材料检查与初稿", id="critique"):
                build_critique(app)
            with gr.Tab("知识库", id="knowledge"):
                build_knowledge(app, demo)
            with gr.Tab("通知管理", id="notices"):  # staff only: the staff area will host it
                from assistant.web.notice_review import build_notice_review

                build_notice_review(assistant)
    queued: gr.Blocks = demo.queue(default_concurrency_limit=assistant.settings.app.concurrency)
    return queued


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    assistant = Assistant()
    settings = assistant.settings.app
    try:
        assistant.index  # noqa: B018 - open (or build) the index before the first user waits for it
    except Exception:
        log.exception("the retrieval index is not available; questions will fail until it is")
    demo = build_app(assistant)
    demo.launch(
        server_name=settings.host,
        server_port=settings.port,
        css=webui.CSS,
        ssr_mode=False,
        footer_links=["api"],
    )


if __name__ == "__main__":
    main()
