"""The console's JSON API, one router per resource (mounted under /api by bot/web/api.py);
request and response schemas sit beside their routes."""
