"""One process of the multi-process PostgreSQL tests: `python -m tests.staff.pg_worker ACTION ...`,
with the database URL and home in the environment; prints one JSON object."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.service import Assistant
from assistant.staff.log import LogEntry


def main(action: str, *args: str) -> dict[str, object]:
    assistant = Assistant()
    desk = assistant.staff
    if action == "import":
        return assistant.faq_import(Path(args[0])).model_dump()
    if action == "ask":
        results = [assistant.ask(q) for q in args]
        assert desk.log is not None
        desk.log.flush()
        return {"faq_ids": [r.faq_id for r in results]}
    if action == "write":
        count, faq_id, tag = int(args[0]), args[1], args[2]
        assert desk.log is not None
        for i in range(count):
            desk.log.record(LogEntry(question=f"{tag}-{i}", kind="text", answerable=True, latency_ms=1.0))
            desk.curated.record_hit(faq_id)
        desk.log.flush()
        return {"written": count}
    if action == "dump":
        assert desk.log is not None
        return {
            "curated": {a.question: a.hit_count for a in desk.curated.all()},
            "questions": sorted(e.question for e in desk.log.entries(limit=100_000)),
        }
    raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(*sys.argv[1:]), ensure_ascii=False) + "\n")
