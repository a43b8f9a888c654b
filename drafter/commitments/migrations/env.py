"""Alembic environment: runs on the connection the tracker hands over, so
migrations happen programmatically when a database is opened (no alembic.ini)."""
from __future__ import annotations

from alembic import context

from drafter.commitments.tracker import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only via 'alembic' command line
    from sqlalchemy import create_engine

    connection = create_engine(context.config.get_main_option("sqlalchemy.url")).connect()  # type: ignore[arg-type]

# All revisions in the one transaction the tracker opened (SQLite too: the tracker sends BEGIN itself).
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  transactional_ddl=True, transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
