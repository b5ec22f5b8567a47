from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.forecast_list import ForecastList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    sku: None | str | Unset = UNSET,
    node: None | str | Unset = UNSET,
    limit: int | Unset = 500,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_sku: None | str | Unset
    if isinstance(sku, Unset):
        json_sku = UNSET
    else:
        json_sku = sku
    params["sku"] = json_sku

    json_node: None | str | Unset
    if isinstance(node, Unset):
        json_node = UNSET
    else:
        json_node = node
    params["node"] = json_node

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/forecasts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ForecastList | Problem | None:
    if response.status_code == 200:
        response_200 = ForecastList.from_dict(response.json())

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
) -> Response[ForecastList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    sku: None | str | Unset = UNSET,
    node: None | str | Unset = UNSET,
    limit: int | Unset = 500,
) -> Response[ForecastList | Problem]:
    """The latest demand forecast per SKU and node

    Args:
        sku (None | str | Unset):
        node (None | str | Unset):
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ForecastList | Problem]
    """

    kwargs = _get_kwargs(
        sku=sku,
        node=node,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    sku: None | str | Unset = UNSET,
    node: None | str | Unset = UNSET,
    limit: int | Unset = 500,
) -> ForecastList | Problem | None:
    """The latest demand forecast per SKU and node

    Args:
        sku (None | str | Unset):
        node (None | str | Unset):
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ForecastList | Problem
    """

    return sync_detailed(
        client=client,
        sku=sku,
        node=node,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    sku: None | str | Unset = UNSET,
    node: None | str | Unset = UNSET,
    limit: int | Unset = 500,
) -> Response[ForecastList | Problem]:
    """The latest demand forecast per SKU and node

    Args:
        sku (None | str | Unset):
        node (None | str | Unset):
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ForecastList | Problem]
    """

    kwargs = _get_kwargs(
        sku=sku,
        node=node,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    sku: None | str | Unset = UNSET,
    node: None | str | Unset = UNSET,
    limit: int | Unset = 500,
) -> ForecastList | Problem | None:
    """The latest demand forecast per SKU and node

    Args:
        sku (None | str | Unset):
        node (None | str | Unset):
        limit (int | Unset):  Default: 500.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ForecastList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            sku=sku,
            node=node,
            limit=limit,
        )
    ).parsed
