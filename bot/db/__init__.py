from bot.db.models import Base, FaqEntry, Ticket, TicketEvent  # noqa: F401
from bot.db.session import get_engine, session_scope  # noqa: F401
