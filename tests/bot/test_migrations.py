from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.db.models import Base
from bot.db.session import get_engine


def test_migrations_create_exactly_the_models_schema(db_url):
    with get_engine(db_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrating_twice_is_harmless(db_url):
    from bot.cli import migrate

    migrate(db_url)  # already at head: nothing to do
    with get_engine(db_url).connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == ("0009",)
