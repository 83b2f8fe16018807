"""The optional LLM layer; the only module that builds chat models.

Rules decide, language explains: the deterministic answer is composed first; a model may only
reword it, citing the numbered sources it was shown. Every reply is checked by
`assistant.verify` and replaced by the deterministic text when the check fails, the model
declines, or the call fails or times out, so the LLM can make an answer read better but never
make it wrong.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, SimpleChatModel
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk
from pydantic import SecretStr

from assistant.contract import Citation
from assistant.llm.prompts import load_prompt
from assistant.llm.verify import (
    CANNOT_ANSWER,
    check_answer,
    citation_markers,
    is_cannot_answer,
    unsupported_numbers,
)
from assistant.settings import LLMSettings
from assistant.text.tokens import fit_to_budget, truncate_to_tokens

log = logging.getLogger(__name__)

_REASONING = re.compile(r"<think>.*?</think>", re.DOTALL)
_DRAFT_BLOCK = re.compile(r"<草稿>\n(.*?)\n</草稿>", re.DOTALL)
_SOURCE_LINE = re.compile(r"^\[S(\d+)\]", re.MULTILINE)
_OPTION = re.compile(r"A(\d+)")
NONE_CHOSEN = "无"
"""The reply of `choose_curated` when no option answers the question."""


class ChoiceFailedError(Exception):
    """The model gave no usable choice (the call failed, or the reply names no single shown option)."""


class EchoDraftChatModel(SimpleChatModel):
    """The `fake` provider, for demos and app tests: replies with the prompt's draft verbatim,
    citing every listed source if the draft cites none, and streams it one character a chunk."""

    @property
    def _llm_type(self) -> str:
        return "echo-draft"

    def _call(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> str:
        prompt = messages[-1].text
        drafts = _DRAFT_BLOCK.findall(prompt)
        reply = drafts[-1] if drafts else CANNOT_ANSWER
        if drafts and not citation_markers(reply):
            reply += "".join(f"[S{n}]" for n in _SOURCE_LINE.findall(prompt))
        return reply

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for character in self._call(messages, stop, run_manager, **kwargs):
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=character))
            if run_manager is not None:
                run_manager.on_llm_new_token(character, chunk=chunk)
            yield chunk


def build_chat_model(settings: LLMSettings) -> BaseChatModel | None:
    """The chat model the settings name, or None for `none`. Retries are off: a failed call
    falls back to the deterministic answer at once rather than keeping the user waiting."""
    if settings.provider == "none":
        return None
    if settings.provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.model,
            base_url=settings.base_url,
            api_key=SecretStr(settings.api_key),
            temperature=settings.temperature,
            timeout=settings.timeout_s,
            max_retries=0,
        )
    if settings.provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.model,
            base_url=settings.base_url,
            temperature=settings.temperature,
            client_kwargs={"timeout": settings.timeout_s},
        )
    return EchoDraftChatModel()


@dataclass(frozen=True)
class _AnswerRequest:
    """One polishing request: the messages sent and what the reply is checked against."""

    messages: list[BaseMessage]
    shown: list[Citation]
    draft_answer: str

    def verdict(self, reply: str) -> tuple[str, bool]:
        text = clean_reply(reply)
        if is_cannot_answer(text):
            log.info("the model found the sources insufficient; keeping the deterministic answer")
            return self.draft_answer, False
        problems = check_answer(text, self.shown, allowed_extra=self.draft_answer)
        if problems:
            log.warning("LLM answer rejected (%s); keeping the deterministic answer", "; ".join(problems))
            return self.draft_answer, False
        return text, True


class AnswerStream:
    """A streamed answer: iterate (or call `.chunks()`) to receive the model's text as it
    arrives, then read `.final_text`: the model's text if it passed verification, else the
    deterministic answer (what a front end must show once streaming ends). Reading `.final_text`
    early consumes the rest of the stream first. A failing stream just ends."""

    def __init__(self, chunks: Iterator[str], request: _AnswerRequest) -> None:
        self._source = chunks
        self._request = request
        self._parts: list[str] = []
        self._finished = False
        self._result: tuple[str, bool] | None = None

    def __iter__(self) -> Iterator[str]:
        return self.chunks()

    def chunks(self) -> Iterator[str]:
        if self._finished:
            return
        try:
            for chunk in self._source:
                self._parts.append(chunk)
                yield chunk
        except Exception as exc:  # any failure of the model or the network means: fall back
            log.warning("LLM stream failed (%r); keeping the deterministic answer", exc)
            self._parts.clear()
        self._finished = True

    @property
    def streamed_text(self) -> str:
        """Everything received so far, unverified."""
        return "".join(self._parts)

    @property
    def final_text(self) -> str:
        return self._verdict()[0]

    @property
    def accepted(self) -> bool:
        """Whether `final_text` is the model's text (True) or the deterministic answer."""
        return self._verdict()[1]

    def _verdict(self) -> tuple[str, bool]:
        if self._result is None:
            for _ in self.chunks():
                pass
            self._result = self._request.verdict(self.streamed_text)
        return self._result


class LLMLayer:
    def __init__(self, model: BaseChatModel, context_tokens: int = 3000) -> None:
        self.model = model
        self.context_tokens = context_tokens

    def polish_answer(self, question: str, draft_answer: str, sources: list[Citation]) -> tuple[str, bool]:
        """(the model's rewording, True) if it passes `check_answer`, else (draft_answer, False).
        `sources` are numbered [S1].. in the given order, best first; those beyond the token
        budget are not shown to the model and may not be cited."""
        request = self._answer_request(question, draft_answer, sources)
        try:
            reply = self.model.invoke(request.messages).text
        except Exception as exc:  # any failure of the model or the network means: fall back
            log.warning("LLM call failed (%r); keeping the deterministic answer", exc)
            return draft_answer, False
        return request.verdict(reply)

    def stream_answer(self, question: str, draft_answer: str, sources: list[Citation]) -> AnswerStream:
        """Like `polish_answer`, streamed; see `AnswerStream`."""
        request = self._answer_request(question, draft_answer, sources)
        chunks = (chunk.text for chunk in self.model.stream(request.messages) if chunk.text)
        return AnswerStream(chunks, request)

    def choose_curated(self, question: str, options: Sequence[tuple[str, str]]) -> int | None:
        """Which of `options` (a curated answer's question and text each) the model finds answers
        `question` fully, by index, or None when none does. Raises `ChoiceFailedError` when the call
        fails or the reply names no single option shown, so the caller can decide without it."""
        listed = [f"[A{n}] 问：{as_data(q)}\n答：{as_data(a)}" for n, (q, a) in enumerate(options, start=1)]
        shown = fit_to_budget(listed, self.context_tokens)
        messages = load_prompt("curated_match").render(
            question=as_data(question), options="\n\n".join(shown), none=NONE_CHOSEN
        )
        try:
            reply = clean_reply(self.model.invoke(messages).text)
        except Exception as exc:  # any failure of the model or the network means: decide without it
            raise ChoiceFailedError(f"the model call failed ({exc!r})") from exc
        named = {int(n) for n in _OPTION.findall(reply)}
        if not named and reply.rstrip("。. ") == NONE_CHOSEN:
            return None
        if len(named) != 1 or not 1 <= min(named) <= len(shown):
            raise ChoiceFailedError(f"the reply names no single option shown: {reply[:80]!r}")
        return min(named) - 1

    def rewrite_section(self, element: str, facts_text: str, draft_text: str) -> str | None:
        """The model's rewrite of one draft section, or None when it fails or states a figure
        that `facts_text` does not contain."""
        messages = load_prompt("draft_section").render(
            element=as_data(element),
            facts=as_data(truncate_to_tokens(facts_text, self.context_tokens)),
            draft=as_data(draft_text),
        )
        try:
            text = clean_reply(self.model.invoke(messages).text)
        except Exception as exc:  # any failure of the model or the network means: no rewrite
            log.warning("LLM rewrite of %s failed (%r)", element, exc)
            return None
        if not text or is_cannot_answer(text):
            return None
        invented = unsupported_numbers(text, facts_text)
        if invented:
            log.warning("LLM rewrite of %s rejected: figures not in the facts %s", element, sorted(invented))
            return None
        return text

    def _answer_request(self, question: str, draft_answer: str, sources: list[Citation]) -> _AnswerRequest:
        lines = [f"[S{n}] {s.doc} {s.section}：{as_data(s.quote)}" for n, s in enumerate(sources, start=1)]
        shown_lines = fit_to_budget(lines, self.context_tokens)
        messages = load_prompt("answer").render(
            question=as_data(question),
            draft=as_data(draft_answer),
            sources="\n".join(shown_lines),
            cannot_answer=CANNOT_ANSWER,
        )
        return _AnswerRequest(messages, sources[: len(shown_lines)], draft_answer)


def build_llm_layer(settings: LLMSettings) -> LLMLayer | None:
    model = build_chat_model(settings)
    return None if model is None else LLMLayer(model, context_tokens=settings.context_tokens)


def as_data(text: str) -> str:
    """User or document text made unable to close the prompt's <tag> blocks."""
    return text.replace("<", "＜").replace(">", "＞")


def clean_reply(reply: str) -> str:
    """The answer part of a reply: reasoning models' <think> blocks removed, whitespace trimmed."""
    return _REASONING.sub("", reply).strip()
