"""Order imports. Live: `live_csv`, orders placed now through the services. Historical:
`olist` and `historical_csv`, past orders (`historical.HistOrder`) with their real
timestamps, written in bulk by `adapters/db/history_writer.py`."""
