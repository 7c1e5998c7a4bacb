"""The record of staff work on membership applications (RH-) and course enrolments (PX-):
review steps, notes, confirmations, cancellations, the waiting list; a public entry is what the
worker reads in a status lookup.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "application_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(60), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_application_events_reference", "application_events", ["reference"])


def downgrade() -> None:
    op.drop_index("ix_application_events_reference", table_name="application_events")
    op.drop_table("application_events")
