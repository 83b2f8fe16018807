from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from assistant.contract import Citation
from assistant.settings import Settings
from assistant.staff.curated import CuratedAnswer, CuratedStore, verbatim_span
from assistant.staff.db import Database
from assistant.staff.files import defuse, read_rows, restore


@pytest.fixture
def store(settings: Settings) -> CuratedStore:
    return CuratedStore(Database.from_settings(settings))


def test_import_jsonl_approves_and_maps_quotes_to_the_normalised_text(
    store: CuratedStore, curated_file: Path
) -> None:
    result = store.import_file(curated_file)
    assert result.imported == 2 and result.errors == []
    first = store.all("approved")[0]
    assert first.variants == ["2023年网络新服务案例申报什么时候截止"]
    assert first.citations[0].quote == "征集截止时间为2023年6月9日"  # the seed's spaces folded away


def test_bad_rows_are_reported_and_the_rest_imported(store: CuratedStore, tmp_path: Path) -> None:
    rows = [
        {"question": "", "answer": "x", "notice": "", "sources": "[]"},
        {"question": "好问题吗", "answer": "有", "notice": "no-such-notice", "sources": "[]"},
        {
            "question": "引文不对",
            "answer": "有",
            "notice": "",
            "sources": json.dumps(
                [{"doc": "notice-2020-smart-demo", "section": "", "quote": "根本不存在的一句话"}]
            ),
        },
        {"question": "来源不是 JSON", "answer": "有", "notice": "", "sources": "[{"},
        {"question": "这一行没问题吗", "answer": "没问题", "notice": "", "sources": "[]"},
    ]
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, ["question", "variants", "answer", "notice", "sources"])
        writer.writeheader()
        writer.writerows(rows)
    result = store.import_file(path)
    assert result.imported == 1
    assert [e.row for e in result.errors] == [1, 2, 3, 4]
    assert "no-such-notice" in result.errors[1].message
    assert "引文不在文件" in result.errors[2].message


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_export_then_import_round_trips(
    store: CuratedStore, curated_file: Path, tmp_path: Path, suffix: str
) -> None:
    store.import_file(curated_file)
    store.save(CuratedAnswer(question='=HYPERLINK("http://x")是什么', answer="-1+2", status="approved"))
    out = tmp_path / f"out{suffix}"
    assert store.export_file(out).exported == 3
    rows = read_rows(out)
    assert {r["question"] for r in rows} >= {'=HYPERLINK("http://x")是什么'}
    other = CuratedStore(Database.from_settings(Settings(home=tmp_path / "other")))
    result = other.import_file(out)
    assert result.imported == 3 and not result.errors
    assert sorted(a.answer for a in other.all()) == sorted(a.answer for a in store.all())


def test_csv_cells_cannot_become_formulas(store: CuratedStore, tmp_path: Path) -> None:
    store.save(CuratedAnswer(question="=1+1", answer="@SUM(A1)", status="approved"))
    out = tmp_path / "out.csv"
    store.export_file(out)
    raw = out.read_text(encoding="utf-8-sig")
    assert '"\'=1+1"' in raw and '"\'@SUM(A1)"' in raw  # quoted, and defused with a leading '
    assert defuse("+x") == "'+x" and restore("'+x") == "+x" and restore("'ok") == "'ok"


def test_xlsx_text_stays_text(store: CuratedStore, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    store.save(CuratedAnswer(question="=1+1", answer="答复", status="approved"))
    out = tmp_path / "out.xlsx"
    store.export_file(out)
    cell = load_workbook(out).active["A2"]  # type: ignore[index]  # a new book's first sheet
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_updating_an_answer_bumps_its_version(store: CuratedStore, curated_file: Path) -> None:
    store.import_file(curated_file)
    store.import_file(curated_file)
    answers = store.all()
    assert len(answers) == 2 and {a.version for a in answers} == {2}


def test_changed_notice_sends_the_answer_back_to_review(
    store: CuratedStore, curated_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.import_file(curated_file)
    import assistant.staff.curated as curated

    real = curated.notice_fingerprint
    monkeypatch.setattr(
        curated,
        "notice_fingerprint",
        lambda d: "changed" if d == "notice-2024-media-convergence" else real(d),
    )
    sent = store.recheck_notices()
    assert len(sent) == 1
    back = store.get(sent[0])
    assert back.status == "draft" and "变化" in back.review_note
    assert [a.notice for a in store.all("approved")] == ["notice-2023-network-services"]


def test_superseded_notice_sends_the_answer_back_to_review(
    store: CuratedStore, curated_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.import_file(curated_file)
    import assistant.staff.curated as curated

    monkeypatch.setattr(curated, "superseded_notices", lambda: {"notice-2023-network-services"})
    assert len(store.recheck_notices()) == 1
    assert [a.notice for a in store.all("approved")] == ["notice-2024-media-convergence"]


def test_hits_are_counted(store: CuratedStore, curated_file: Path) -> None:
    store.import_file(curated_file)
    faq_id = store.all()[0].id
    for _ in range(3):
        store.record_hit(faq_id)
    assert store.get(faq_id).hit_count == 3


def test_verbatim_span_folds_punctuation_and_width() -> None:
    assert (
        verbatim_span("notice-2024-media-convergence", "网址:rh.pingshen.nrta.gov.cn")
        == "网址：rh.pingshen.nrta.gov.cn"
    )
    assert verbatim_span("notice-2024-media-convergence", "这句话不在文件里面") is None


def test_eval_export_has_the_qa_format(store: CuratedStore, curated_file: Path, tmp_path: Path) -> None:
    store.import_file(curated_file)
    result = store.export_eval(tmp_path / "qa.jsonl")
    rows = [json.loads(line) for line in Path(result.file).read_text(encoding="utf-8").splitlines()]
    assert result.exported == 3 == len(rows)  # two questions and one variant
    first = rows[0]
    assert set(first) == {"id", "question", "type", "notice", "must_include", "gold_sources", "answerable"}
    assert ["2023年6月9日"] in first["must_include"]
    Citation.model_validate({**first["gold_sources"][0], "section": ""})
