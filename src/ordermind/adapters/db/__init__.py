"""SQLAlchemy 2 Core storage for SQLite (default) and PostgreSQL."""
