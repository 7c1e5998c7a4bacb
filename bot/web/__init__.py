"""The web app (port 8000): the worker's chat widget and its demo page, the staff console, and
the console's JSON API. Run with ``python -m bot.web``."""
