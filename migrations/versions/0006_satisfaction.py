"""Satisfaction surveys asked when a ticket is resolved, and 回访 (follow-up call) tasks.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column("asked_at", sa.DateTime(), nullable=False),
        sa.Column("solved", sa.Boolean()),
        sa.Column("rating", sa.String(20)),
        sa.Column("comment", sa.Text()),
        sa.Column("answered_at", sa.DateTime()),
    )
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("reached", sa.Boolean()),
        sa.Column("outcome", sa.Text()),
        sa.Column("reopened", sa.Boolean(), nullable=False),
        sa.Column("done_by", sa.String(60)),
        sa.Column("done_at", sa.DateTime()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_followups_status", "followups", ["status"])
    op.create_index("ix_followups_due_at", "followups", ["due_at"])


def downgrade() -> None:
    op.drop_index("ix_followups_due_at", "followups")
    op.drop_index("ix_followups_status", "followups")
    op.drop_table("followups")
    op.drop_table("surveys")
