"""The web app in a real Chromium: what a person sees and clicks (screenshots in tests/artifacts/).

Gradio pages hold a connection open, so "networkidle" never comes: each step waits for the text
or element it expects instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pytest
from docx import Document

from tests.app_fixtures import ARTIFACTS, RunningApp

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ANSWER_TIMEOUT_MS = 30_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}
ENGLISH = [
    "Use via API",
    "Drop File Here",
    "Click to Upload",
    "Click to upload",
    "Error",
    "Clear",
    "Copy conversation",
    "Scroll down",
]


def open_app(browser: Browser, running_app: RunningApp, viewport: dict[str, int]) -> Iterator[Page]:
    """A fresh page on the app in an English-language browser (the app must speak Chinese anyway);
    fails the test if the page asked any host but this machine."""
    context = browser.new_context(viewport=viewport, locale="en-US")  # type: ignore[arg-type]
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in LOCAL_HOSTS else None
    )
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    page.goto(running_app.url, wait_until="load")
    page.get_by_text("智慧广电案例征集助手").first.wait_for()
    page.get_by_role("tab").first.wait_for()  # the tabs render after the title on a busy machine
    yield page
    context.close()
    assert outside == [], f"the page reached outside this machine: {outside}"


@pytest.fixture
def page(browser: Browser, running_app: RunningApp) -> Iterator[Page]:
    yield from open_app(browser, running_app, DESKTOP)


@pytest.fixture
def phone(browser: Browser, running_app: RunningApp) -> Iterator[Page]:
    yield from open_app(browser, running_app, PHONE)


def choose(page: Page, elem_id: str, option: str) -> None:
    """Pick an option of a Gradio dropdown."""
    page.locator(f"#{elem_id} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def shoot(page: Page, name: str) -> Path:
    """A full-page screenshot, kept in tests/artifacts/ to be looked at."""
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_tab(page: Page, name: str) -> None:
    tab = page.get_by_role("tab", name=name)
    tab.wait_for()  # on screen, not behind an overflow menu
    tab.click()


def ask(page: Page, question: str) -> None:
    """Type a question, send it and wait until its answer (with its folded sources) has arrived."""
    answers = page.locator("#chatbot .bot-row .src-fold").count()
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('#chatbot .bot-row .src-fold').length > {answers}")


def no_error_panels(page: Page) -> None:
    """No component is covered by Gradio's error state and no toast is showing."""
    for word in ("出错了", "Error"):
        assert page.get_by_text(word, exact=True).count() == 0, f"an error panel or toast says {word}"


def typing_works(page: Page, selector: str, extra: str = "（补充）") -> None:
    box = page.locator(selector)
    before = box.input_value()
    box.press("End")
    box.type(extra)
    assert box.input_value() == before + extra
    box.fill(before)


def english_on(page: Page) -> list[str]:
    text = page.locator("body").inner_text()
    labels = page.eval_on_selector_all(
        "[aria-label],[title]",
        "els => els.map(e => (e.getAttribute('aria-label') || '') + ' ' + (e.title || ''))",
    )
    return [word for word in ENGLISH if word in text or any(word in label for label in labels)]


def docx_draft(path: Path) -> Path:
    draft = Document()
    draft.add_heading("一、基本情况", level=2)
    draft.add_paragraph("我台于2022年建成全省广电5G融合平台，服务用户120万户，日均点播36万次。")
    draft.add_heading("二、下一步发展计划", level=2)
    draft.add_paragraph("2025年计划覆盖全省11个地市。")
    draft.save(str(path))
    return path


def pdf_draft(page: Page, path: Path) -> Path:
    """A PDF with a text layer, printed by the browser itself from a small HTML page."""
    page.set_content(
        "<html><body style='font-size:16px'><p>一、基本情况</p>"
        "<p>我台于2022年建成全省广电5G融合平台，服务用户120万户，日均点播36万次。</p>"
        "<p>二、创新做法与实践</p><p>平台采用云原生架构，汇聚全省节目内容。</p></body></html>"
    )
    page.pdf(path=str(path))
    return path


# -- chat ------------------------------------------------------------------------------------


def test_chat_answers_open_at_their_first_line_with_sources_folded(page: Page) -> None:
    assert english_on(page) == []
    question = page.locator("#question textarea")
    page.locator("#chatbot").get_by_text(
        "2024年媒体融合典型案例的申报截止时间是什么时候？"
    ).click()  # an example
    answer = page.locator("#chatbot .bot-row").last
    answer.locator(".src-fold").wait_for()
    assert "2024年4月21日" in answer.inner_text()
    assert answer.locator(".badge-passed").first.is_visible()  # the passed deadline, at a glance
    assert not answer.locator(".src-card").first.is_visible()  # sources folded below the answer
    answer.locator(".src-fold summary").click()
    card = answer.locator(".src-card").first
    card.wait_for()
    assert "2024年全国广播电视媒体融合典型案例征集和推选" in card.inner_text()
    assert (
        "当前通知：2024年全国广播电视媒体融合典型案例征集和推选" in page.locator("#chat-context").inner_text()
    )
    assert question.input_value() == ""
    shoot(page, "desktop-chat-answer")

    follow_up = page.locator("#chatbot button.option").first
    follow_text = follow_up.inner_text()
    follow_up.click()  # a suggested follow-up, asked without naming the notice again
    page.locator("#chatbot .user-row").nth(1).wait_for()
    page.wait_for_function("document.querySelectorAll('#chatbot .bot-row .src-fold').length >= 2")
    assert follow_text in page.locator("#chatbot .user-row").nth(1).inner_text()
    # The chat shows the new question at its top, so the answer is read from its first line.
    chat = page.locator("#chatbot").bounding_box()
    latest = page.locator("#chatbot .user-row").nth(1).bounding_box()
    assert chat and latest and chat["y"] <= latest["y"] <= chat["y"] + 120
    shoot(page, "desktop-chat-follow-up")


def test_chat_errors_keep_the_conversation_and_the_typing(page: Page) -> None:
    ask(page, "2024年媒体融合典型案例的申报截止时间是什么时候？")
    history = page.locator("#chatbot").inner_text()

    page.locator("#send").click()  # an empty question
    page.locator("#chat-error").get_by_text("请先在下面的输入框里写下问题").wait_for()
    assert page.locator("#chatbot").inner_text() == history
    no_error_panels(page)
    typing_works(page, "#question textarea")
    shoot(page, "desktop-chat-empty-question")

    too_long = "申报" * 30_001
    question = page.locator("#question textarea")
    question.fill(too_long)
    question.press("Enter")
    page.locator("#chatbot .error-box").wait_for()
    assert "过长" in page.locator("#chatbot .error-box").inner_text()
    page.wait_for_function("document.querySelector('#question textarea').value.length > 60000")
    assert question.input_value() == too_long
    assert page.locator("#chat-error").inner_text().strip() == ""  # the earlier message is gone
    no_error_panels(page)

    example_question = "智慧广电示范案例的申报材料要包括哪些内容？"
    question.fill("")
    page.locator("#new-chat").click()
    page.locator("#chatbot").get_by_text(example_question).click()  # the examples still work
    page.locator("#chatbot .bot-row .src-fold").wait_for()


def test_the_chat_header_has_no_share_button_and_its_trash_starts_over(page: Page) -> None:
    ask(page, "2024年媒体融合典型案例的申报截止时间是什么时候？")
    assert page.locator("#chat-context").inner_text().strip() != ""
    header = page.locator("#chatbot")
    assert header.get_by_role("button", name=re.compile("分享|Share")).count() == 0
    header.get_by_role("button", name=re.compile("清空对话")).click()
    page.wait_for_function("document.querySelectorAll('#chatbot .user-row').length === 0")
    page.wait_for_function("document.querySelector('#chat-context').innerText.trim() === ''")
    ask(page, "申报截止时间是什么时候？")  # nothing of the old conversation is carried over
    assert "2024年全国广播电视媒体融合" not in page.locator("#chat-context").inner_text()


# -- materials -------------------------------------------------------------------------------


def test_upload_errors_keep_the_draft_and_the_box_editable(page: Page, tmp_path: Path) -> None:
    open_tab(page, "材料检查与初稿")
    draft = "一、基本情况\n我台于2022年建成全省广电5G融合平台，服务用户120万户。"
    box = page.locator("#draft-text textarea")
    box.fill(draft)
    page.locator("#check").click()
    page.locator("#critique-result").get_by_text("必备要素").wait_for()
    report = page.locator("#critique-result").inner_text()

    fake = tmp_path / "申报材料.docx"
    fake.write_text("其实是文本", encoding="utf-8")
    scanned = tmp_path / "扫描件.pdf"
    page_one = page.context.new_page()
    page_one.set_content(
        "<html><body><div style='width:200px;height:200px;background:#333'></div></body></html>"
    )
    page_one.pdf(path=str(scanned))  # a page with no text on it: what a scanner makes
    page_one.close()
    for file, says in [(fake, "不是有效的 .docx"), (scanned, "扫描件")]:
        page.locator("#upload input[type=file]").set_input_files(str(file))
        page.locator("#critique-error").get_by_text(says).wait_for()
        assert box.input_value() == draft
        assert page.locator("#critique-result").inner_text() == report
        no_error_panels(page)
        typing_works(page, "#draft-text textarea")
        shoot(page, f"desktop-upload-error-{file.suffix[1:]}")

    box.fill("申报" * 100_001)  # pasted far too much
    page.locator("#check").click()
    page.locator("#critique-error").get_by_text("过长").wait_for()
    assert len(box.input_value()) == 200_002
    no_error_panels(page)
    typing_works(page, "#draft-text textarea")


def test_a_docx_reads_without_markup_and_states_the_category_it_assumed(page: Page, tmp_path: Path) -> None:
    open_tab(page, "材料检查与初稿")
    choose(page, "critique-notice", "2023年全国智慧广电网络新服务征集推选")
    page.locator("#upload input[type=file]").set_input_files(str(docx_draft(tmp_path / "申报材料.docx")))
    page.wait_for_function(
        "document.querySelector('#draft-text textarea').value.includes('全省广电5G融合平台')"
    )
    assert "#" not in page.locator("#draft-text textarea").input_value()
    result = page.locator("#critique-result")
    result.get_by_text("必备要素").wait_for()
    checklist = result.locator(".checklist").inner_text()
    assert "基本情况" in checklist and "创新做法与实践" in checklist and "#" not in checklist
    assert result.locator(".checklist .badge-present").count() >= 1  # the Word headings were found
    assert result.locator(".badge-missing").count() >= 1
    assert "检查依据" in result.locator(".basis").inner_text()
    badge = result.locator(".checklist .badge").first.bounding_box()
    assert badge and badge["height"] < 30  # 齐全 on one line, not a character a line
    shoot(page, "desktop-critique-docx")


def test_a_pdf_with_a_text_layer_is_checked(page: Page, tmp_path: Path) -> None:
    printer = page.context.new_page()
    path = pdf_draft(printer, tmp_path / "申报材料.pdf")
    printer.close()
    open_tab(page, "材料检查与初稿")
    assert english_on(page) == []  # the upload area speaks Chinese in an English browser
    page.locator("#upload input[type=file]").set_input_files(str(path))
    page.wait_for_function(
        "document.querySelector('#draft-text textarea').value.includes('全省广电5G融合平台')"
    )
    result = page.locator("#critique-result")
    result.get_by_text("必备要素").wait_for()
    assert "基本情况" in result.locator(".checklist").inner_text()
    shoot(page, "desktop-critique-pdf")


def test_a_draft_written_from_facts_downloads_as_docx(page: Page) -> None:
    open_tab(page, "材料检查与初稿")
    choose(page, "critique-notice", "2023年全国智慧广电网络新服务征集推选")
    page.get_by_text("根据案例事实生成初稿").click()
    page.locator("#facts textarea").fill(
        "我们是浙江华数公司。2023年上线电视大屏居家养老服务，老人用机顶盒一键呼叫、远程问诊。"
        "遇到老人不会操作的问题，我们简化界面并上门培训。已覆盖3万户家庭，满意度96%。明年推广到全省。"
    )
    page.locator("#write-draft").click()  # no category chosen yet
    page.locator("#draft-error").get_by_text("请先选择申报类别").wait_for()
    no_error_panels(page)
    choose(page, "critique-category", "智慧家庭新场景")
    page.locator("#write-draft").click()
    page.wait_for_function("document.querySelector('#draft-output textarea').value.includes('基本情况')")
    assert page.locator("#draft-error").inner_text().strip() == ""
    draft_text = page.locator("#draft-output textarea").input_value()
    assert "3万户" in draft_text
    with page.expect_download() as download:
        page.locator("#download-docx").click()
    saved = download.value.path()
    paragraphs = [p.text for p in Document(str(saved)).paragraphs]
    assert any("基本情况" in p for p in paragraphs) and any("3万户" in p for p in paragraphs)
    shoot(page, "desktop-draft")


# -- eligibility, category, knowledge --------------------------------------------------------


def test_forms_start_on_the_newest_call_and_verdicts_match_their_colour(page: Page) -> None:
    open_tab(page, "申报资格")
    newest = "2024年全国广播电视媒体融合典型案例征集和推选"
    assert page.locator("#elig-notice input").input_value() == newest
    page.locator("#assess").click()
    page.locator("#elig-error").get_by_text("请选择单位类型。").wait_for()  # beside the button
    no_error_panels(page)
    choose(page, "elig-kind", "融媒体中心")
    choose(page, "elig-level", "县级")
    choose(page, "elig-province", "浙江")
    page.locator("#assess").click()
    verdict = page.locator("#elig-result")
    verdict.get_by_text("逐项条件").wait_for()
    assert page.locator("#elig-error").inner_text().strip() == ""
    assert verdict.locator(".badge-eligible, .badge-open").count() == 0  # the call closed: nothing green
    assert "已截止" in verdict.locator(".badge").first.inner_text()
    assert verdict.locator(".src-card").count() >= 1
    shoot(page, "desktop-eligibility")

    open_tab(page, "材料检查与初稿")
    assert page.locator("#critique-notice input").input_value() == newest
    open_tab(page, "类别推荐")
    assert page.locator("#category-notice input").input_value() == newest


def test_category_ranking_and_a_case_it_cannot_judge(page: Page) -> None:
    open_tab(page, "类别推荐")
    choose(page, "category-notice", "2023年全国智慧广电网络新服务征集推选")
    page.locator("#case-text textarea").fill(
        "依托广电网络和机顶盒，为居家老人提供一键呼叫、远程问诊和家庭安防服务，覆盖3万户家庭。"
    )
    page.locator("#classify").click()
    ranking = page.locator("#category-result")
    ranking.get_by_text("建议申报类别").wait_for()
    assert "智慧家庭新场景" in ranking.locator(".bar-top").inner_text()
    assert ranking.locator(".bar-row").count() == 4
    shoot(page, "desktop-category")

    page.locator("#case-text textarea").fill("abc")
    page.locator("#classify").click()
    ranking.get_by_text("暂时无法推荐类别").wait_for()
    assert ranking.locator(".bar-row").count() == 0 and "%" not in ranking.inner_text()
    assert ranking.locator(".badge-unknown").inner_text() == "无法判断"
    shoot(page, "desktop-category-unknown")


def test_knowledge_tree_shows_numbered_items_side_by_side(page: Page) -> None:
    open_tab(page, "知识库")
    choose(page, "kb-doc", "2023年全国智慧广电网络新服务征集推选")
    rules = page.locator("#rules-view")
    rules.get_by_text("视听消费新体验").first.wait_for()
    assert rules.locator(".badge-passed").count() == 1
    assert page.locator("#clause-tree summary").count() > 10

    choose(page, "kb-doc", "2020年智慧广电示范案例征集评选")
    tree = page.locator("#clause-tree")
    tree.get_by_text("5、生态建设类", exact=True).wait_for()
    for item in ("1、组织管理类", "2、生产制播类", "5、生态建设类"):
        assert tree.get_by_text(item, exact=True).is_visible()  # all under 二、, none hidden in 1、
    shoot(page, "desktop-knowledge")


# -- phone -----------------------------------------------------------------------------------


def in_view(page: Page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    size = page.viewport_size
    return bool(box and size and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] + 1)


def test_phone_layout_reaches_every_tab_keeps_the_input_in_view_and_shows_answers_from_the_start(
    phone: Page,
) -> None:
    tabs = phone.get_by_role("tab")
    assert tabs.count() == 5
    for i in range(5):
        box = tabs.nth(i).bounding_box()
        assert box and tabs.nth(i).is_visible() and box["x"] + box["width"] <= 375
    assert english_on(phone) == []
    assert in_view(phone, "#question textarea")
    shoot(phone, "phone-start")

    ask(phone, "我们是县级融媒体中心，可以申报2023年智慧广电网络新服务吗？")
    # the page scrolls to the question, its answer below (waited for: the scroll is animated)
    phone.wait_for_function(
        "(() => { const rows = document.querySelectorAll('#chatbot .user-row');"
        " const y = rows[rows.length - 1].getBoundingClientRect().top; return y >= 0 && y <= 200; })()",
        timeout=5000,
    )
    assert in_view(phone, "#question textarea")
    phone.screenshot(path=str(ARTIFACTS / "phone-answer.png"))  # what the screen shows
    shoot(phone, "phone-answer-full")

    phone.locator("#send").click()  # an empty question: the conversation stays
    phone.locator("#chat-error").get_by_text("请先在下面的输入框里写下问题").wait_for()
    assert phone.locator("#chatbot .bot-row .src-fold").count() == 1
    typing_works(phone, "#question textarea")


def test_phone_forms(phone: Page) -> None:
    open_tab(phone, "申报资格")
    choose(phone, "elig-kind", "有线电视网络公司")
    choose(phone, "elig-province", "浙江")
    phone.locator("#assess").click()
    phone.locator("#elig-result").get_by_text("逐项条件").wait_for()
    shoot(phone, "phone-eligibility")

    open_tab(phone, "材料检查与初稿")
    phone.locator("#draft-text textarea").fill(
        "一、基本情况\n我台于2022年建成全省广电5G融合平台，服务用户120万户。"
    )
    phone.locator("#check").click()
    phone.locator("#critique-result").get_by_text("必备要素").wait_for()
    shoot(phone, "phone-critique")

    open_tab(phone, "知识库")
    phone.locator("#clause-tree summary").first.wait_for()
    shoot(phone, "phone-knowledge")


def test_a_follow_up_in_the_chat_reads_the_earlier_turn_like_batch(page: Page, tmp_path: Path) -> None:
    """ "新服务呢" after a deadline question: same topic, other notice, and the same answer `batch`
    gives the same conversation (the app passes its history the same way)."""
    from datetime import date

    from assistant.service import Assistant
    from assistant.settings import RetrievalSettings, Settings
    from tests.app_fixtures import TODAY

    for turn in ["示范案例截至日期", "新服务呢"]:
        ask(page, turn)
    shown = page.locator("#chatbot .bot-row").last.inner_text()
    assert "2023年6月9日" in shown and "2020年7月15日" not in shown
    batch = Assistant(
        Settings(
            today=date.fromisoformat(TODAY), retrieval=RetrievalSettings(embedding="hash", data_dir=tmp_path)
        )
    ).handle({"op": "ask", "question": "新服务呢", "history": ["示范案例截至日期"]})
    first_line = batch["answer"].splitlines()[0].split("[")[0]
    assert first_line in shown
    shoot(page, "chat-follow-up")
