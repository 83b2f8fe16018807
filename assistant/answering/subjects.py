"""Open questions: things an applicant asks about that no topic models (seals, file formats,
attachments, Hong Kong applicants, inspections ...; the list is data, `vocabulary.yaml: subjects`).

A subject is answered from the clause sentences that mention it (or the documents' wording for
it, `term_aliases`); when a notice mentions it nowhere, the answer says exactly that ("…通知没有对
“盖章”作出规定"), then gives the nearest relevant rule and the contact, instead of a block about
another subject.
"""

from __future__ import annotations

import re
from functools import cache

from assistant.answering.grounding import Fact, best_sentences, sentences
from assistant.knowledge.citations import findable
from assistant.knowledge.clauses import clauses_of
from assistant.knowledge.documents import normalized_text
from assistant.knowledge.wordlists import vocabulary


def mentioned_thing(question: str) -> str | None:
    """What a question asks whether the documents mention ("指导意见提8K了吗" -> "8K")."""
    match = re.search(vocabulary().followup.mention, question, re.IGNORECASE)
    return match.group(1) if match else None


def asked_subjects(question: str) -> list[str]:
    """The subjects the question names (listed ones, longest first, none inside a longer one, and
    what it asks whether a document mentions)."""
    thing = mentioned_thing(question)
    found: list[str] = [thing] if thing else []
    for pattern in sorted(vocabulary().subjects, key=len, reverse=True):
        match = re.search(pattern, question, re.IGNORECASE)
        if match and not any(match.group(0).lower() in f.lower() for f in found):
            found.append(match.group(0))
    return found


def _wordings(subject: str) -> list[str]:
    """The subject and the documents' words for it (`term_aliases`)."""
    canonical = vocabulary().term_aliases.get(subject, "")
    return [subject, *canonical.split()]


def mentioned_in(text: str, subject: str) -> bool:
    """Whether `text` mentions a subject, in its own word or the documents' word for it."""
    return any(w.lower() in text.lower() for w in _wordings(subject))


@cache
def mentions(doc_id: str, subject: str) -> bool:
    return mentioned_in(normalized_text(doc_id), subject)


def unmentioned(doc_id: str, subjects: list[str]) -> list[str]:
    return [s for s in subjects if not mentions(doc_id, s)]


def mentioning_facts(doc_id: str, subjects: list[str], question: str, limit: int = 2) -> list[Fact]:
    """The clause sentences of a document that mention a subject, best covering the question first."""
    from assistant.retrieval.index import Passage

    words = [w for s in subjects for w in _wordings(s)]
    passages = []
    for clause in clauses_of(doc_id):
        if any(w in s for s in sentences(clause.text) for w in words):
            kept = "。".join(s.rstrip("。") for s in sentences(clause.text) if any(w in s for w in words))
            passages.append(
                Passage(
                    doc=doc_id,
                    section=clause.path,
                    title=clause.title,
                    heading_path=" ".join(clause.parents),
                    text=kept + "。",
                    score=0.0,
                    chunk_id=clause.path,
                )
            )
    picked = best_sentences(question, passages, limit=limit)
    return [f for _, f in picked if f.citation is None or findable(f.citation)]
