from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.exception_page import ExceptionPage
from ...models.list_exceptions_severity_type_0 import ListExceptionsSeverityType0
from ...models.list_exceptions_status_type_0 import ListExceptionsStatusType0
from ...models.list_exceptions_type_type_0 import ListExceptionsTypeType0
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListExceptionsStatusType0 | None | Unset = UNSET,
    type_: ListExceptionsTypeType0 | None | Unset = UNSET,
    severity: ListExceptionsSeverityType0 | None | Unset = UNSET,
    channel: None | str | Unset = UNSET,
    order_id: int | None | Unset = UNSET,
    cursor: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListExceptionsStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    elif isinstance(type_, ListExceptionsTypeType0):
        json_type_ = type_.value
    else:
        json_type_ = type_
    params["type"] = json_type_

    json_severity: None | str | Unset
    if isinstance(severity, Unset):
        json_severity = UNSET
    elif isinstance(severity, ListExceptionsSeverityType0):
        json_severity = severity.value
    else:
        json_severity = severity
    params["severity"] = json_severity

    json_channel: None | str | Unset
    if isinstance(channel, Unset):
        json_channel = UNSET
    else:
        json_channel = channel
    params["channel"] = json_channel

    json_order_id: int | None | Unset
    if isinstance(order_id, Unset):
        json_order_id = UNSET
    else:
        json_order_id = order_id
    params["order_id"] = json_order_id

    json_cursor: int | None | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/exceptions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ExceptionPage | Problem | None:
    if response.status_code == 200:
        response_200 = ExceptionPage.from_dict(response.json())

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
) -> Response[ExceptionPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListExceptionsStatusType0 | None | Unset = UNSET,
    type_: ListExceptionsTypeType0 | None | Unset = UNSET,
    severity: ListExceptionsSeverityType0 | None | Unset = UNSET,
    channel: None | str | Unset = UNSET,
    order_id: int | None | Unset = UNSET,
    cursor: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[ExceptionPage | Problem]:
    """Exceptions on orders, newest first, by cursor

    Args:
        status (ListExceptionsStatusType0 | None | Unset):
        type_ (ListExceptionsTypeType0 | None | Unset):
        severity (ListExceptionsSeverityType0 | None | Unset):
        channel (None | str | Unset):
        order_id (int | None | Unset):
        cursor (int | None | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExceptionPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        type_=type_,
        severity=severity,
        channel=channel,
        order_id=order_id,
        cursor=cursor,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ListExceptionsStatusType0 | None | Unset = UNSET,
    type_: ListExceptionsTypeType0 | None | Unset = UNSET,
    severity: ListExceptionsSeverityType0 | None | Unset = UNSET,
    channel: None | str | Unset = UNSET,
    order_id: int | None | Unset = UNSET,
    cursor: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> ExceptionPage | Problem | None:
    """Exceptions on orders, newest first, by cursor

    Args:
        status (ListExceptionsStatusType0 | None | Unset):
        type_ (ListExceptionsTypeType0 | None | Unset):
        severity (ListExceptionsSeverityType0 | None | Unset):
        channel (None | str | Unset):
        order_id (int | None | Unset):
        cursor (int | None | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExceptionPage | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        type_=type_,
        severity=severity,
        channel=channel,
        order_id=order_id,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListExceptionsStatusType0 | None | Unset = UNSET,
    type_: ListExceptionsTypeType0 | None | Unset = UNSET,
    severity: ListExceptionsSeverityType0 | None | Unset = UNSET,
    channel: None | str | Unset = UNSET,
    order_id: int | None | Unset = UNSET,
    cursor: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> Response[ExceptionPage | Problem]:
    """Exceptions on orders, newest first, by cursor

    Args:
        status (ListExceptionsStatusType0 | None | Unset):
        type_ (ListExceptionsTypeType0 | None | Unset):
        severity (ListExceptionsSeverityType0 | None | Unset):
        channel (None | str | Unset):
        order_id (int | None | Unset):
        cursor (int | None | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExceptionPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        type_=type_,
        severity=severity,
        channel=channel,
        order_id=order_id,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListExceptionsStatusType0 | None | Unset = UNSET,
    type_: ListExceptionsTypeType0 | None | Unset = UNSET,
    severity: ListExceptionsSeverityType0 | None | Unset = UNSET,
    channel: None | str | Unset = UNSET,
    order_id: int | None | Unset = UNSET,
    cursor: int | None | Unset = UNSET,
    limit: int | Unset = 50,
) -> ExceptionPage | Problem | None:
    """Exceptions on orders, newest first, by cursor

    Args:
        status (ListExceptionsStatusType0 | None | Unset):
        type_ (ListExceptionsTypeType0 | None | Unset):
        severity (ListExceptionsSeverityType0 | None | Unset):
        channel (None | str | Unset):
        order_id (int | None | Unset):
        cursor (int | None | Unset):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExceptionPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            type_=type_,
            severity=severity,
            channel=channel,
            order_id=order_id,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
