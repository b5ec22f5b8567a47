from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.exception_detail import ExceptionDetail
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    exception_id: int,
    *,
    evaluate: bool | Unset = True,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["evaluate"] = evaluate

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/exceptions/{exception_id}".format(
            exception_id=quote(str(exception_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ExceptionDetail | Problem | None:
    if response.status_code == 200:
        response_200 = ExceptionDetail.from_dict(response.json())

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
) -> Response[ExceptionDetail | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    exception_id: int,
    *,
    client: AuthenticatedClient,
    evaluate: bool | Unset = True,
) -> Response[ExceptionDetail | Problem]:
    """An exception with its fixes, each evaluated (and rolled back) now

    Args:
        exception_id (int):
        evaluate (bool | Unset): evaluate the fixes now (rolled back); false shows the last stored
            evaluation Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExceptionDetail | Problem]
    """

    kwargs = _get_kwargs(
        exception_id=exception_id,
        evaluate=evaluate,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    exception_id: int,
    *,
    client: AuthenticatedClient,
    evaluate: bool | Unset = True,
) -> ExceptionDetail | Problem | None:
    """An exception with its fixes, each evaluated (and rolled back) now

    Args:
        exception_id (int):
        evaluate (bool | Unset): evaluate the fixes now (rolled back); false shows the last stored
            evaluation Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExceptionDetail | Problem
    """

    return sync_detailed(
        exception_id=exception_id,
        client=client,
        evaluate=evaluate,
    ).parsed


async def asyncio_detailed(
    exception_id: int,
    *,
    client: AuthenticatedClient,
    evaluate: bool | Unset = True,
) -> Response[ExceptionDetail | Problem]:
    """An exception with its fixes, each evaluated (and rolled back) now

    Args:
        exception_id (int):
        evaluate (bool | Unset): evaluate the fixes now (rolled back); false shows the last stored
            evaluation Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExceptionDetail | Problem]
    """

    kwargs = _get_kwargs(
        exception_id=exception_id,
        evaluate=evaluate,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    exception_id: int,
    *,
    client: AuthenticatedClient,
    evaluate: bool | Unset = True,
) -> ExceptionDetail | Problem | None:
    """An exception with its fixes, each evaluated (and rolled back) now

    Args:
        exception_id (int):
        evaluate (bool | Unset): evaluate the fixes now (rolled back); false shows the last stored
            evaluation Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExceptionDetail | Problem
    """

    return (
        await asyncio_detailed(
            exception_id=exception_id,
            client=client,
            evaluate=evaluate,
        )
    ).parsed
