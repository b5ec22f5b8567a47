"""The customer order assistant: understanding what a customer writes (intents and
entities, offline) and composing grounded answers from the live order record.

Pure: plain data in, decisions out. The conversation service (services/assistant.py)
verifies the person, reads the order and applies actions through the same services the
API uses.
"""
