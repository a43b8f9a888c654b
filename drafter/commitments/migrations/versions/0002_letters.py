"""Letters are records: date, kind, title, reeks, kenmerk, Kamerstuk of every letter, seeded from corpus/letters.csv.

Revision ID: 0002
Revises: 0001
"""
import csv
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    letters = op.create_table(
        "letters",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("reeks", sa.String(32), nullable=False, server_default=""),
        sa.Column("author", sa.Text, nullable=False, server_default=""),
        sa.Column("kamerstuk", sa.String(64), nullable=False, server_default=""),
        sa.Column("kenmerk", sa.String(64), nullable=False, server_default=""),
        sa.Column("seed", sa.String(64), nullable=False, server_default=""),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("sent_at", sa.String(32), nullable=False, server_default=""),
    )
    op.create_index("ix_letters_date", "letters", ["date"])
    rows = _seed_rows()
    if rows:
        op.bulk_insert(letters, rows)


def _seed_rows() -> list[dict[str, str]]:
    """corpus/letters.csv as it is read here, in the migration itself: a migration is a frozen
    step and imports no application module (which would also make an import circle)."""
    path = Path(__file__).resolve().parents[4] / "corpus" / "letters.csv"
    if not path.is_file():
        return []
    columns = ("date", "kind", "title", "reeks", "author", "kamerstuk", "kenmerk", "seed", "source")
    with path.open(newline="", encoding="utf-8") as handle:
        return [{c: (row.get(c) or "").strip() for c in columns} for row in csv.DictReader(handle)]


def downgrade() -> None:
    op.drop_index("ix_letters_date", "letters")
    op.drop_table("letters")
