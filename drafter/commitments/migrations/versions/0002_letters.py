"""Letters are records: date, kind, title, reeks, kenmerk, Kamerstuk of every letter, seeded from corpus/letters.csv.

Revision ID: 0002
Revises: 0001
"""
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
    from drafter.letters import seed_rows

    rows = seed_rows()
    if rows:
        op.bulk_insert(letters, rows)


def downgrade() -> None:
    op.drop_index("ix_letters_date", "letters")
    op.drop_table("letters")
