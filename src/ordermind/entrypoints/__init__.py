"""Entry points: the code that wires adapters (database, files) to the intelligence modules.

Nothing below imports this package.
"""
