"""Union worker-service assistant: the domain package (config, database, services, CLI).

Importing it (every process does: web app, action server, Rasa runtime, command line) masks
personal data in every log record of the process: bot/common/log_privacy.py."""
from bot.common import log_privacy as _log_privacy

_log_privacy.install()
