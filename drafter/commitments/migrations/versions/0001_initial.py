"""The register: documents, commitments, their mentions, status changes.

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
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("doc_date", sa.String(10)),
        sa.Column("imported_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("members", sa.Text, nullable=False, server_default="[]"),
        sa.Column("party", sa.String(32)),
        sa.Column("made_on", sa.String(10)),
        sa.Column("made_in", sa.Text),
        sa.Column("kamerstuk", sa.String(64)),
        sa.Column("subject", sa.Text, nullable=False, server_default=""),
        sa.Column("due", sa.Text),
        sa.Column("due_date", sa.String(10)),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("status_manual", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("fulfilled_by", sa.Integer, sa.ForeignKey("documents.id")),
        sa.Column("tk_nummer", sa.String(32)),
        sa.Column("ministerie", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("commitment_id", sa.Integer, sa.ForeignKey("commitments.id"), nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("page", sa.Integer),
        sa.Column("block", sa.String(32)),
        sa.Column("fulfils", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("new_here", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("merge_reason", sa.Text),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_mentions_commitment", "mentions", ["commitment_id"])
    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("commitment_id", sa.Integer, sa.ForeignKey("commitments.id"), nullable=False),
        sa.Column("old", sa.String(16)),
        sa.Column("new", sa.String(16), nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("why", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("status_changes")
    op.drop_table("mentions")
    op.drop_table("commitments")
    op.drop_table("documents")
