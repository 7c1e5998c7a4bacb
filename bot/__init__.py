"""Union worker-service assistant: the domain package (config, database, services, CLI)."""
