from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.availability import Availability
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    skus: str,
    country: str,
    postal_code: None | str | Unset = UNSET,
    city: None | str | Unset = UNSET,
    lat: float | None | Unset = UNSET,
    lon: float | None | Unset = UNSET,
    quantity: int | Unset = 1,
    channel: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["skus"] = skus

    params["country"] = country

    json_postal_code: None | str | Unset
    if isinstance(postal_code, Unset):
        json_postal_code = UNSET
    else:
        json_postal_code = postal_code
    params["postal_code"] = json_postal_code

    json_city: None | str | Unset
    if isinstance(city, Unset):
        json_city = UNSET
    else:
        json_city = city
    params["city"] = json_city

    json_lat: float | None | Unset
    if isinstance(lat, Unset):
        json_lat = UNSET
    else:
        json_lat = lat
    params["lat"] = json_lat

    json_lon: float | None | Unset
    if isinstance(lon, Unset):
        json_lon = UNSET
    else:
        json_lon = lon
    params["lon"] = json_lon

    params["quantity"] = quantity

    json_channel: None | str | Unset
    if isinstance(channel, Unset):
        json_channel = UNSET
    else:
        json_channel = channel
    params["channel"] = json_channel

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/availability",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Availability | Problem | None:
    if response.status_code == 200:
        response_200 = Availability.from_dict(response.json())

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
) -> Response[Availability | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    skus: str,
    country: str,
    postal_code: None | str | Unset = UNSET,
    city: None | str | Unset = UNSET,
    lat: float | None | Unset = UNSET,
    lon: float | None | Unset = UNSET,
    quantity: int | Unset = 1,
    channel: None | str | Unset = UNSET,
) -> Response[Availability | Problem]:
    """Available-to-promise per fulfilment option with the earliest date

    Args:
        skus (str): comma-separated SKUs
        country (str):
        postal_code (None | str | Unset):
        city (None | str | Unset):
        lat (float | None | Unset):
        lon (float | None | Unset):
        quantity (int | Unset):  Default: 1.
        channel (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Availability | Problem]
    """

    kwargs = _get_kwargs(
        skus=skus,
        country=country,
        postal_code=postal_code,
        city=city,
        lat=lat,
        lon=lon,
        quantity=quantity,
        channel=channel,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    skus: str,
    country: str,
    postal_code: None | str | Unset = UNSET,
    city: None | str | Unset = UNSET,
    lat: float | None | Unset = UNSET,
    lon: float | None | Unset = UNSET,
    quantity: int | Unset = 1,
    channel: None | str | Unset = UNSET,
) -> Availability | Problem | None:
    """Available-to-promise per fulfilment option with the earliest date

    Args:
        skus (str): comma-separated SKUs
        country (str):
        postal_code (None | str | Unset):
        city (None | str | Unset):
        lat (float | None | Unset):
        lon (float | None | Unset):
        quantity (int | Unset):  Default: 1.
        channel (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Availability | Problem
    """

    return sync_detailed(
        client=client,
        skus=skus,
        country=country,
        postal_code=postal_code,
        city=city,
        lat=lat,
        lon=lon,
        quantity=quantity,
        channel=channel,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    skus: str,
    country: str,
    postal_code: None | str | Unset = UNSET,
    city: None | str | Unset = UNSET,
    lat: float | None | Unset = UNSET,
    lon: float | None | Unset = UNSET,
    quantity: int | Unset = 1,
    channel: None | str | Unset = UNSET,
) -> Response[Availability | Problem]:
    """Available-to-promise per fulfilment option with the earliest date

    Args:
        skus (str): comma-separated SKUs
        country (str):
        postal_code (None | str | Unset):
        city (None | str | Unset):
        lat (float | None | Unset):
        lon (float | None | Unset):
        quantity (int | Unset):  Default: 1.
        channel (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Availability | Problem]
    """

    kwargs = _get_kwargs(
        skus=skus,
        country=country,
        postal_code=postal_code,
        city=city,
        lat=lat,
        lon=lon,
        quantity=quantity,
        channel=channel,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    skus: str,
    country: str,
    postal_code: None | str | Unset = UNSET,
    city: None | str | Unset = UNSET,
    lat: float | None | Unset = UNSET,
    lon: float | None | Unset = UNSET,
    quantity: int | Unset = 1,
    channel: None | str | Unset = UNSET,
) -> Availability | Problem | None:
    """Available-to-promise per fulfilment option with the earliest date

    Args:
        skus (str): comma-separated SKUs
        country (str):
        postal_code (None | str | Unset):
        city (None | str | Unset):
        lat (float | None | Unset):
        lon (float | None | Unset):
        quantity (int | Unset):  Default: 1.
        channel (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Availability | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            skus=skus,
            country=country,
            postal_code=postal_code,
            city=city,
            lat=lat,
            lon=lon,
            quantity=quantity,
            channel=channel,
        )
    ).parsed
