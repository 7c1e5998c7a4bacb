"""Privacy (《个人信息保护法》): the consent record kept with a ticket, a membership application
and an enrolment; when a row's personal data was removed (retention, or the worker's request).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

WITH_CONSENT = ("tickets", "membership_applications", "enrolments")


def upgrade() -> None:
    for table in WITH_CONSENT:
        with op.batch_alter_table(table) as t:
            t.add_column(sa.Column("consent", sa.JSON()))
            t.add_column(sa.Column("redacted_at", sa.DateTime()))
    with op.batch_alter_table("handoffs") as t:
        t.add_column(sa.Column("redacted_at", sa.DateTime()))


def downgrade() -> None:
    with op.batch_alter_table("handoffs") as t:
        t.drop_column("redacted_at")
    for table in reversed(WITH_CONSENT):
        with op.batch_alter_table(table) as t:
            t.drop_column("redacted_at")
            t.drop_column("consent")
