"""Curated answers and the question log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "curated_answers",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("variants", sa.JSON, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("citations", sa.JSON, nullable=False),
        sa.Column("notice", sa.String(80), nullable=True, index=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("valid_until", sa.Date, nullable=True),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("reviewer", sa.String(80), nullable=False),
        sa.Column("hit_count", sa.Integer, nullable=False),
        sa.Column("notice_fingerprint", sa.String(64), nullable=True),
        sa.Column("review_note", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "question_log",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("history_len", sa.Integer, nullable=False),
        sa.Column("notice", sa.String(80), nullable=True, index=True),
        sa.Column("kind", sa.String(16), nullable=False, index=True),
        sa.Column("answerable", sa.Boolean, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("citations", sa.JSON, nullable=False),
        sa.Column("top_score", sa.Float, nullable=True),
        sa.Column("latency_ms", sa.Float, nullable=False),
        sa.Column("faq_id", sa.String(40), nullable=True),
        sa.Column("feedback", sa.String(8), nullable=True),
        sa.Column("feedback_reason", sa.String(16), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("question_log")
    op.drop_table("curated_answers")
