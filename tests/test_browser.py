"""The web app in a real Chromium: what a person sees and clicks (screenshots in tests/artifacts/).

Gradio pages hold a connection open, so "networkidle" never comes: each step waits for the text
or element it expects instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pytest
from docx import Document

from tests.app_fixtures import ARTIFACTS, TODAY, RunningApp

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ANSWER_TIMEOUT_MS = 30_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture
def page(browser: Browser, running_app: RunningApp) -> Iterator[Page]:
    """A fresh page on the app; fails the test if the page asked any host but this machine."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in LOCAL_HOSTS else None
    )
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    page.goto(running_app.url, wait_until="load")
    page.get_by_text("智慧广电案例征集助手").first.wait_for()
    yield page
    context.close()
    assert outside == [], f"the page reached outside this machine: {outside}"


def choose(page: Page, elem_id: str, option: str) -> None:
    """Pick an option of a Gradio dropdown."""
    page.locator(f"#{elem_id} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def shoot(page: Page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def bot_messages(page: Page) -> int:
    return page.locator("#chatbot .bot-row .src-cards").count()


def test_chat_answers_with_cited_sources_and_keeps_the_notice(page: Page) -> None:
    question = page.locator("#question textarea")
    page.locator("#chatbot").get_by_text(
        "2024年媒体融合典型案例的申报截止时间是什么时候？"
    ).click()  # an example
    answer = page.locator("#chatbot .bot-row").last
    answer.locator(".src-card").first.wait_for()
    assert "2024年4月21日" in answer.inner_text()
    assert answer.locator(".badge-passed").first.is_visible()  # the passed deadline, at a glance
    card = answer.locator(".src-card").first.inner_text()
    assert "2024年全国广播电视媒体融合典型案例征集和推选" in card
    assert (
        "当前通知：2024年全国广播电视媒体融合典型案例征集和推选" in page.locator("#chat-context").inner_text()
    )
    assert question.input_value() == ""
    shoot(page, "chat-answer")

    follow_up = page.locator("#chatbot button.option").first
    follow_text = follow_up.inner_text()
    follow_up.click()  # a suggested follow-up, asked without naming the notice again
    page.locator("#chatbot .user-row").nth(1).wait_for()
    page.wait_for_function("document.querySelectorAll('#chatbot .bot-row .src-cards').length >= 2")
    assert follow_text in page.locator("#chatbot .user-row").nth(1).inner_text()
    second = page.locator("#chatbot .bot-row").last.locator(".src-card")
    assert "2024年全国广播电视媒体融合典型案例征集和推选" in second.first.inner_text()
    shoot(page, "chat")


def test_an_error_is_explained_and_the_question_is_kept(page: Page) -> None:
    too_long = "申报" * 30_001
    question = page.locator("#question textarea")
    question.fill(too_long)
    question.press("Enter")
    page.locator("#chatbot .error-box").wait_for()
    assert "过长" in page.locator("#chatbot .error-box").inner_text()
    page.wait_for_function("document.querySelector('#question textarea').value.length > 60000")
    assert question.input_value() == too_long


def test_critique_of_an_uploaded_docx_shows_the_checklist(page: Page, tmp_path: Path) -> None:
    draft = Document()
    draft.add_paragraph("一、基本情况")
    draft.add_paragraph("我台于2022年建成全省广电5G融合平台，服务用户120万户，日均点播36万次。")
    draft.add_paragraph("二、下一步发展计划")
    draft.add_paragraph("2025年计划覆盖全省11个地市。")
    path = tmp_path / "申报材料.docx"
    draft.save(str(path))

    page.get_by_role("tab", name="材料检查与初稿").click()
    choose(page, "critique-notice", "2023年全国智慧广电网络新服务征集推选")
    page.locator("#upload input[type=file]").set_input_files(str(path))
    page.wait_for_function(
        "document.querySelector('#draft-text textarea').value.includes('全省广电5G融合平台')"
    )
    result = page.locator("#critique-result")
    result.get_by_text("必备要素").wait_for()
    checklist = result.locator(".checklist").inner_text()
    assert "基本情况" in checklist and "创新做法与实践" in checklist
    assert result.locator(".badge-missing").count() >= 1
    assert "字数" in result.inner_text()
    shoot(page, "critique")


def test_a_draft_written_from_facts_downloads_as_docx(page: Page) -> None:
    page.get_by_role("tab", name="材料检查与初稿").click()
    choose(page, "critique-notice", "2023年全国智慧广电网络新服务征集推选")
    choose(page, "critique-category", "智慧家庭新场景")
    page.get_by_text("根据案例事实生成初稿").click()
    page.locator("#facts textarea").fill(
        "我们是浙江华数公司。2023年上线电视大屏居家养老服务，老人用机顶盒一键呼叫、远程问诊。"
        "遇到老人不会操作的问题，我们简化界面并上门培训。已覆盖3万户家庭，满意度96%。明年推广到全省。"
    )
    page.locator("#write-draft").click()
    page.wait_for_function("document.querySelector('#draft-output textarea').value.includes('基本情况')")
    draft_text = page.locator("#draft-output textarea").input_value()
    assert "3万户" in draft_text
    with page.expect_download() as download:
        page.locator("#download-docx").click()
    saved = download.value.path()
    paragraphs = [p.text for p in Document(str(saved)).paragraphs]
    assert any("基本情况" in p for p in paragraphs) and any("3万户" in p for p in paragraphs)
    shoot(page, "draft")


def test_eligibility_category_and_knowledge_views(page: Page) -> None:
    page.get_by_role("tab", name="申报资格").click()
    page.locator("#assess").click()
    page.get_by_text("请选择单位类型。").wait_for()  # a form error says what is missing
    choose(page, "elig-kind", "有线电视网络公司")
    choose(page, "elig-province", "浙江")
    choose(page, "elig-notice", "2023年全国智慧广电网络新服务征集推选")
    page.locator("#assess").click()
    verdict = page.locator("#elig-result")
    verdict.get_by_text("逐项条件").wait_for()
    assert verdict.locator(".badge-passed").count() >= 1
    assert verdict.locator(".src-card").count() >= 1
    shoot(page, "eligibility")

    page.get_by_role("tab", name="类别推荐").click()
    page.locator("#case-text textarea").fill(
        "依托广电网络和机顶盒，为居家老人提供一键呼叫、远程问诊和家庭安防服务，覆盖3万户家庭。"
    )
    page.locator("#classify").click()
    ranking = page.locator("#category-result")
    ranking.get_by_text("建议申报类别").wait_for()
    assert "智慧家庭新场景" in ranking.locator(".bar-top").inner_text()
    assert ranking.locator(".bar-row").count() == 4
    shoot(page, "category")

    page.get_by_role("tab", name="知识库").click()
    choose(page, "kb-doc", "2023年全国智慧广电网络新服务征集推选")
    rules = page.locator("#rules-view")
    rules.get_by_text("视听消费新体验").first.wait_for()
    assert rules.locator(".badge-passed").count() == 1
    assert page.locator("#clause-tree summary").count() > 10
    shoot(page, "knowledge")


def test_a_follow_up_in_the_chat_reads_the_earlier_turn_like_batch(page: Page, tmp_path: Path) -> None:
    """ "新服务呢" after a deadline question: same topic, other notice, and the same answer `batch`
    gives the same conversation (the app passes its history the same way)."""
    from datetime import date

    from assistant.service import Assistant
    from assistant.settings import RetrievalSettings, Settings

    question = page.locator("#question textarea")
    for n, turn in enumerate(["示范案例截至日期", "新服务呢"], start=1):
        question.fill(turn)
        question.press("Enter")
        page.wait_for_function(f"document.querySelectorAll('#chatbot .bot-row .src-cards').length >= {n}")
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
