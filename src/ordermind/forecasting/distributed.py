"""Run the statsforecast part of a forecast on Dask through statsforecast's fugue backend."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def local_dask_engine(
    n_workers: int = 2, processes: bool = False, address: str | None = None
) -> Iterator[object]:
    """Yield a Dask client usable as ``engine=`` in :func:`ordermind.forecasting.forecast`.

    With ``address`` it connects to an existing cluster (a user who outgrew one machine);
    otherwise it starts a local one and shuts it down afterwards.
    """
    from dask.distributed import Client, LocalCluster

    if address:
        client = Client(address)
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=n_workers, threads_per_worker=1, processes=processes, dashboard_address=None
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
