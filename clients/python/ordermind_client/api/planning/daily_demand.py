from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.daily_demand import DailyDemand
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    sku: str,
    node: str,
    days: int | Unset = 56,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["sku"] = sku

    params["node"] = node

    params["days"] = days

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/demand",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DailyDemand | Problem | None:
    if response.status_code == 200:
        response_200 = DailyDemand.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DailyDemand | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    sku: str,
    node: str,
    days: int | Unset = 56,
) -> Response[DailyDemand | Problem]:
    """Units demanded per day of a SKU at a node (forecast actuals)

    Args:
        sku (str):
        node (str):
        days (int | Unset):  Default: 56.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DailyDemand | Problem]
    """

    kwargs = _get_kwargs(
        sku=sku,
        node=node,
        days=days,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    sku: str,
    node: str,
    days: int | Unset = 56,
) -> DailyDemand | Problem | None:
    """Units demanded per day of a SKU at a node (forecast actuals)

    Args:
        sku (str):
        node (str):
        days (int | Unset):  Default: 56.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DailyDemand | Problem
    """

    return sync_detailed(
        client=client,
        sku=sku,
        node=node,
        days=days,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    sku: str,
    node: str,
    days: int | Unset = 56,
) -> Response[DailyDemand | Problem]:
    """Units demanded per day of a SKU at a node (forecast actuals)

    Args:
        sku (str):
        node (str):
        days (int | Unset):  Default: 56.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DailyDemand | Problem]
    """

    kwargs = _get_kwargs(
        sku=sku,
        node=node,
        days=days,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    sku: str,
    node: str,
    days: int | Unset = 56,
) -> DailyDemand | Problem | None:
    """Units demanded per day of a SKU at a node (forecast actuals)

    Args:
        sku (str):
        node (str):
        days (int | Unset):  Default: 56.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DailyDemand | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            sku=sku,
            node=node,
            days=days,
        )
    ).parsed
