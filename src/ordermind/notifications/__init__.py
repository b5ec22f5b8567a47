"""Proactive customer notifications: which milestone an order event is, whom to tell
through which channel and when (preferences, opt-out, quiet hours), and what the message
says (templates per locale). Plain data in, decisions and rendered messages out; the
outbox, the senders and the dispatcher live in adapters/notifications."""
