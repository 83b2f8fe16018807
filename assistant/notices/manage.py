"""Adding, reviewing, approving, listing and removing notices: the store, the extractor and the
registry tied together. The caller (the service) refreshes the retrieval index afterwards."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from assistant.contract import (
    NoticeAddResult,
    NoticeListItem,
    NoticeListResult,
    NoticeRemoveResult,
    NoticeStatusResult,
    ReviewItem,
)
from assistant.errors import AssistantError, UnknownDocumentError
from assistant.knowledge import editions
from assistant.knowledge.documents import builtin_registry, knowledge_changed, registry
from assistant.knowledge.issuers import is_provincial, region_of
from assistant.knowledge.normalize import normalize
from assistant.knowledge.notice_meta import FieldReview, NoticeMeta, ReviewState
from assistant.knowledge.notice_store import NoticeStore
from assistant.knowledge.reader import read_notice_file
from assistant.knowledge.rules import NoticeRules, added_rules, load_rules
from assistant.notices.extract import extract

NOTICE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,80}$")
Action = Literal["accept", "correct", "reject"]
REVIEW_STATES: dict[Action, ReviewState] = {
    "accept": "accepted",
    "correct": "corrected",
    "reject": "rejected",
}
TITLE_CORE = re.compile(
    r"^.*?(?:关于|转发)(?:开展|组织开展|做好|申报|组织申报)?(.+?)(?:工作)?的?(?:通知|公告)(?:（.*）)?$"
)


class NoticeManager:
    def __init__(self, home: Path) -> None:
        self.store = NoticeStore(home)

    def add(self, path: Path, notice_id: str | None = None) -> NoticeAddResult:
        source_text = read_notice_file(path)
        text = normalize(source_text)
        if len(text) < 20:
            raise AssistantError(f"{path.name} 里几乎没有文字，无法作为通知添加", code="empty_input")
        draft = extract(notice_id or "notice-new", text)
        doc_id = self._new_id(notice_id, draft.rules)
        if doc_id != draft.rules.id:
            draft = extract(doc_id, text)
        rules = draft.rules
        meta = NoticeMeta(
            id=doc_id,
            title=_display_title(rules),
            short_name=_short_name(rules, draft.region),
            family=rules.family,
            year=rules.year,
            file_name=path.name,
            added=datetime.now(UTC),
            review=draft.review,
        )
        self.store.create(
            meta, path.read_bytes(), path.suffix.lower(), source_text, text, rules.model_dump_json(indent=1)
        )
        knowledge_changed()
        return NoticeAddResult(
            id=doc_id, status="draft", rules=rules_json(rules), review=[_item(r) for r in draft.review]
        )

    def _new_id(self, wanted: str | None, rules: NoticeRules) -> str:
        if wanted is not None:
            if not NOTICE_ID.match(wanted):
                raise AssistantError(
                    f"编号 {wanted!r} 不合规：只能用小写字母、数字和 -（如 notice-2025-media-convergence）",
                    code="bad_id",
                )
            if wanted in builtin_registry():
                raise AssistantError(f"{wanted} 是内置文档的编号，不能覆盖", code="builtin")
            return wanted
        digest = hashlib.sha1(rules.title.value.encode()).hexdigest()[:6]
        base = f"notice-{rules.year}-{rules.family or 'call'}"
        national = not is_provincial(rules.issuing_office.value if rules.issuing_office else None)
        return base if national and base not in registry() else f"{base}-{digest}"

    def review(self, notice_id: str, field: str, action: Action, value: Any = None) -> FieldReview:
        """Staff accept, correct or reject one extracted value; the rules follow."""
        meta = self.store.meta(notice_id)
        entry = next((r for r in meta.review if r.field == field), None)
        if entry is None:
            raise AssistantError(f"{notice_id} 没有字段 {field!r}", code="unknown_field")
        if entry.state == "rejected":
            raise AssistantError(f"字段 {field} 已被否决", code="rejected")
        rules = apply_review(added_rules(self.store, notice_id), field, action, value)
        entry.state = REVIEW_STATES[action]
        if action == "correct":
            entry.value = value
        if action == "reject":
            _shift_after(meta.review, field)
        self.store.save_rules_json(rules.id, rules.model_dump_json(indent=1))
        self.store.save_meta(meta)
        knowledge_changed()
        return entry

    def approve(self, notice_id: str) -> NoticeStatusResult:
        self._not_builtin(notice_id)
        meta = self.store.meta(notice_id)
        meta.status = "approved"
        meta.approved = datetime.now(UTC)
        for entry in meta.review:
            if entry.state == "pending":
                entry.state = "accepted"
        self.store.save_meta(meta)
        knowledge_changed()
        return NoticeStatusResult(id=notice_id, status="approved")

    def remove(self, notice_id: str) -> NoticeRemoveResult:
        self._not_builtin(notice_id)
        self.store.remove(notice_id)
        knowledge_changed()
        return NoticeRemoveResult(id=notice_id, removed=True)

    def _not_builtin(self, notice_id: str) -> None:
        if notice_id in builtin_registry():
            raise AssistantError(f"{notice_id} 是内置文档，不能删除或修改", code="builtin")
        if not self.store.exists(notice_id):
            raise UnknownDocumentError(f"没有添加过编号为 {notice_id!r} 的通知")

    def listing(self, today: date) -> NoticeListResult:
        items = []
        for doc_id, info in registry().items():
            if info.kind != "call":  # a policy document: no deadline, never open, no editions
                items.append(
                    NoticeListItem(
                        id=doc_id,
                        title=info.title,
                        status=info.status,
                        deadline=None,
                        open=False,
                        supersedes=None,
                    )
                )
                continue
            rules = load_rules(doc_id)
            deadline = editions.next_deadline(rules, today)
            items.append(
                NoticeListItem(
                    id=doc_id,
                    title=info.title,
                    status=info.status,
                    deadline=deadline.isoformat() if deadline else None,
                    open=editions.is_open(rules, today),
                    supersedes=editions.supersedes(doc_id),
                )
            )
        return NoticeListResult(notices=items)


def _shift_after(review: list[FieldReview], field: str) -> None:
    """A rejected list item is removed from the rules: later items of that list move up one."""
    match = FIELD_PATH.match(field)
    if match is None or match.group(2) is None:
        return
    name, removed = match.group(1), int(match.group(2))
    for entry in review:
        other = FIELD_PATH.match(entry.field)
        if other and other.group(1) == name and other.group(2) is not None and int(other.group(2)) > removed:
            entry.field = f"{name}[{int(other.group(2)) - 1}]"
    for entry in review:
        if entry.field == field and entry.state == "rejected":
            entry.field = f"{name}[rejected-{removed}]"


def rules_json(rules: NoticeRules) -> dict[str, Any]:
    data: dict[str, Any] = rules.model_dump(mode="json", exclude_none=True)
    return data


def _item(review: FieldReview) -> ReviewItem:
    return ReviewItem(
        field=review.field, value=review.value, confidence=review.confidence, source=review.source
    )


def _display_title(rules: NoticeRules) -> str:
    number = f"（{rules.doc_number.value}）" if rules.doc_number else ""
    return rules.title.value + number


def _short_name(rules: NoticeRules, region: str | None) -> str:
    match = TITLE_CORE.match(rules.title.value)
    core = match.group(1) if match else rules.title.value
    core = re.sub(r"^国家广播电视总局办公厅|^国家广播电视总局", "", core)[:40]
    return f"{region}：{core}" if region and not core.startswith(region) else core


FIELD_PATH = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?$")
"""`quotas[1]`: a list item; `deadline`: a value (a rejected item becomes `quotas[rejected-1]`)."""
SCALAR_FIELDS = {
    "title": "title",
    "issuer": "issuing_office",
    "doc_number": "doc_number",
    "issued": "issued",
    "forwards": "forwards",
}


def apply_review(rules: NoticeRules, field: str, action: Action, value: Any) -> NoticeRules:
    """The rules after staff accepted, corrected or rejected the value at `field`."""
    if action == "accept":
        return rules
    match = FIELD_PATH.match(field)
    if match is None:
        raise AssistantError(f"字段 {field!r} 无法识别", code="unknown_field")
    name, index = match.group(1), match.group(2)
    data = rules.model_dump(mode="json")
    if name in SCALAR_FIELDS:
        key = SCALAR_FIELDS[name]
        if action == "reject":
            data[key] = None if key != "title" else data[key]
        elif data.get(key) is not None:
            data[key]["value"] = value
    elif name in ("platform", "platform_opens"):
        if data.get("platform") is None:
            raise AssistantError("没有提取到平台", code="unknown_field")
        if name == "platform_opens":
            data["platform"]["opens"] = value if action == "correct" else None
        elif action == "reject":
            data["platform"] = None
        else:
            data["platform"].update(value if isinstance(value, dict) else {"url": value})
    elif name in ("family", "year"):
        data[name] = value if action == "correct" else (None if name == "family" else data[name])
    elif name == "deadlines" and index is not None:
        position = int(index)
        if action == "reject":
            del data["deadlines"][position]
        else:
            data["deadlines"][position]["value"] = value
        data["deadline"] = max(data["deadlines"], key=lambda d: d["value"]) if data["deadlines"] else None
    elif index is not None and isinstance(data.get(name), list):
        position = int(index)
        if action == "reject":
            del data[name][position]
        elif isinstance(value, dict):
            data[name][position].update(value)
        else:
            data[name][position][_main_key(name)] = value
    else:
        raise AssistantError(f"字段 {field!r} 不能这样修改", code="unknown_field")
    return NoticeRules.model_validate(data)


def _main_key(name: str) -> str:
    return {"categories": "name", "elements": "name", "requirements": "text"}.get(name, "value")


__all__ = ["NoticeManager", "apply_review", "region_of"]
