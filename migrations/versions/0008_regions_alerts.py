"""Regions (分级办理) and call-backs: the region of a ticket, the regions of a staff account, and a
worker's request for a person out of office hours (the call-back list at opening).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as t:
        t.add_column(sa.Column("region", sa.String(30), nullable=False, server_default="central"))
        t.add_column(sa.Column("callback_requested_at", sa.DateTime()))
        t.create_index("ix_tickets_region", ["region"])
    with op.batch_alter_table("staff_users") as t:
        t.add_column(sa.Column("regions", sa.JSON()))


def downgrade() -> None:
    with op.batch_alter_table("staff_users") as t:
        t.drop_column("regions")
    with op.batch_alter_table("tickets") as t:
        t.drop_index("ix_tickets_region")
        t.drop_column("callback_requested_at")
        t.drop_column("region")
