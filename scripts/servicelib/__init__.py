"""The parts of scripts/services.py, by topic.

- common: the paths, defaults, `ServiceError` and `say` they all share;
- probe: the settings (environment, then `.env`), probing ports and URLs, creating the database;
- registry: which runs use an embedded server (`.data/services.json`), and the processes behind it;
- postgres_embedded: the embedded PostgreSQL in `.data/postgres`;
- redis_embedded: the embedded Redis in `.data/redis`.
"""
