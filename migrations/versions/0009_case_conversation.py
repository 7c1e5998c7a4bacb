"""Two-way case conversation: when a public reply or status change reached the worker's chat, and
a ticket's unanswered activity from the worker (bot/cases/conversation.py).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket_events") as t:
        t.add_column(sa.Column("delivered_at", sa.DateTime()))
    with op.batch_alter_table("tickets") as t:
        t.add_column(sa.Column("worker_activity_at", sa.DateTime()))
    # What was written before this revision is not announced again.
    op.execute("UPDATE ticket_events SET delivered_at = created_at WHERE public")


def downgrade() -> None:
    with op.batch_alter_table("tickets") as t:
        t.drop_column("worker_activity_at")
    with op.batch_alter_table("ticket_events") as t:
        t.drop_column("delivered_at")
