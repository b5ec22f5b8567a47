from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.erasure import Erasure
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    customer: str,
    *,
    force: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["force"] = force

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/customers/{customer}/erase".format(
            customer=quote(str(customer), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Erasure | Problem | None:
    if response.status_code == 200:
        response_200 = Erasure.from_dict(response.json())

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
) -> Response[Erasure | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    customer: str,
    *,
    client: AuthenticatedClient,
    force: bool | Unset = False,
) -> Response[Erasure | Problem]:
    """Erase a customer's personal data

    Args:
        customer (str): cus_... or e-mail
        force (bool | Unset): erase also a customer with orders still to be shipped (409 without)
            Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Erasure | Problem]
    """

    kwargs = _get_kwargs(
        customer=customer,
        force=force,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    customer: str,
    *,
    client: AuthenticatedClient,
    force: bool | Unset = False,
) -> Erasure | Problem | None:
    """Erase a customer's personal data

    Args:
        customer (str): cus_... or e-mail
        force (bool | Unset): erase also a customer with orders still to be shipped (409 without)
            Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Erasure | Problem
    """

    return sync_detailed(
        customer=customer,
        client=client,
        force=force,
    ).parsed


async def asyncio_detailed(
    customer: str,
    *,
    client: AuthenticatedClient,
    force: bool | Unset = False,
) -> Response[Erasure | Problem]:
    """Erase a customer's personal data

    Args:
        customer (str): cus_... or e-mail
        force (bool | Unset): erase also a customer with orders still to be shipped (409 without)
            Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Erasure | Problem]
    """

    kwargs = _get_kwargs(
        customer=customer,
        force=force,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    customer: str,
    *,
    client: AuthenticatedClient,
    force: bool | Unset = False,
) -> Erasure | Problem | None:
    """Erase a customer's personal data

    Args:
        customer (str): cus_... or e-mail
        force (bool | Unset): erase also a customer with orders still to be shipped (409 without)
            Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Erasure | Problem
    """

    return (
        await asyncio_detailed(
            customer=customer,
            client=client,
            force=force,
        )
    ).parsed
