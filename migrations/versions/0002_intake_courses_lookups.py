"""Intake forms (ticket priority, queue, human flag), public ticket updates, membership
applications, training courses and enrolments, and status-lookup attempts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as t:
        t.add_column(sa.Column("priority_reasons", sa.JSON(), nullable=False, server_default="[]"))
        t.add_column(sa.Column("case_type", sa.String(30), nullable=False, server_default="message"))
        t.add_column(sa.Column("queue", sa.String(20), nullable=False, server_default="hotline"))
        t.add_column(sa.Column("needs_human", sa.Boolean(), nullable=False, server_default=sa.false()))
        t.create_index("ix_tickets_queue", ["queue"])
    with op.batch_alter_table("ticket_events") as t:
        t.add_column(sa.Column("public", sa.Boolean(), nullable=False, server_default=sa.false()))

    op.create_table(
        "membership_applications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False, unique=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("employer", sa.String(120)),
        sa.Column("employment_type", sa.String(20), nullable=False),
        sa.Column("industry", sa.String(60), nullable=False),
        sa.Column("city", sa.String(60), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("sender_id", sa.String(120), index=True),
        sa.Column("dedupe_key", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("dedupe_key", name="uq_membership_dedupe_key"),
    )
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(80), nullable=False, unique=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("skill", sa.String(30), nullable=False, index=True),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("city", sa.String(30), nullable=False, index=True),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("venue", sa.String(200), nullable=False),
        sa.Column("organiser", sa.String(120), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("schedule", sa.String(120), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Integer(), nullable=False),
        sa.Column("subsidy", sa.Text(), nullable=False),
        sa.Column("certificate", sa.String(200), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("enrolled_elsewhere", sa.Integer(), nullable=False),
        sa.Column("requirements", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False, unique=True),
        sa.Column("course_id", sa.Integer(), sa.ForeignKey("courses.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("sender_id", sa.String(120), index=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("course_id", "phone", name="uq_enrolment_course_phone"),
    )
    op.create_table(
        "lookup_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sender_id", sa.String(120), nullable=False, index=True),
        sa.Column("reference", sa.String(16), nullable=False, index=True),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("lookup_attempts")
    op.drop_table("enrolments")
    op.drop_table("courses")
    op.drop_table("membership_applications")
    with op.batch_alter_table("ticket_events") as t:
        t.drop_column("public")
    with op.batch_alter_table("tickets") as t:
        t.drop_index("ix_tickets_queue")
        t.drop_column("needs_human")
        t.drop_column("queue")
        t.drop_column("case_type")
        t.drop_column("priority_reasons")
