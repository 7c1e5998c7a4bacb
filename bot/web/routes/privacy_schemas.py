"""Request bodies of the privacy routes (bot/web/routes/privacy.py). Sent as POST bodies, never in
URLs: a phone number in a query string would land in access logs."""
from __future__ import annotations

from pydantic import BaseModel, Field


class Who(BaseModel):
    """A reference with the phone it was filed with, or a conversation."""
    reference: str = Field("", max_length=40)
    phone: str = Field("", max_length=40)
    conversation: str = Field("", max_length=255)


class Erase(Who):
    reason: str = Field(..., max_length=500)
    confirm: bool = False
