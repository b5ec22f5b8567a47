from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.tax_rates import TaxRates
from ...models.tax_rates_in import TaxRatesIn
from ...types import Response


def _get_kwargs(
    country: str,
    *,
    body: TaxRatesIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/tax-rates/{country}".format(
            country=quote(str(country), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TaxRates | None:
    if response.status_code == 200:
        response_200 = TaxRates.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[Problem | TaxRates]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    country: str,
    *,
    client: AuthenticatedClient,
    body: TaxRatesIn,
) -> Response[Problem | TaxRates]:
    """Set a ship-to country's tax rates (or the defaults)

    Args:
        country (str): ISO 3166-1 alpha-2 ship-to country, or `default` for the defaults
        body (TaxRatesIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TaxRates]
    """

    kwargs = _get_kwargs(
        country=country,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    country: str,
    *,
    client: AuthenticatedClient,
    body: TaxRatesIn,
) -> Problem | TaxRates | None:
    """Set a ship-to country's tax rates (or the defaults)

    Args:
        country (str): ISO 3166-1 alpha-2 ship-to country, or `default` for the defaults
        body (TaxRatesIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TaxRates
    """

    return sync_detailed(
        country=country,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    country: str,
    *,
    client: AuthenticatedClient,
    body: TaxRatesIn,
) -> Response[Problem | TaxRates]:
    """Set a ship-to country's tax rates (or the defaults)

    Args:
        country (str): ISO 3166-1 alpha-2 ship-to country, or `default` for the defaults
        body (TaxRatesIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TaxRates]
    """

    kwargs = _get_kwargs(
        country=country,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    country: str,
    *,
    client: AuthenticatedClient,
    body: TaxRatesIn,
) -> Problem | TaxRates | None:
    """Set a ship-to country's tax rates (or the defaults)

    Args:
        country (str): ISO 3166-1 alpha-2 ship-to country, or `default` for the defaults
        body (TaxRatesIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TaxRates
    """

    return (
        await asyncio_detailed(
            country=country,
            client=client,
            body=body,
        )
    ).parsed
