"""Webhook subscriptions fed from the order timeline (the transactional outbox)."""
