"""ordermind: an AI-assisted distributed order management system."""

__version__ = "0.1.0"
