"""Customer notifications: SMTP sending, settings from the environment, the dispatcher."""
