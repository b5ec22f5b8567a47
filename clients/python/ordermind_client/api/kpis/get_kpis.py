import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.kpi_report import KpiReport
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    group_by: None | str | Unset = UNSET,
    channel: None | str | Unset = UNSET,
    node: None | str | Unset = UNSET,
    segment: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.date):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.date):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    json_group_by: None | str | Unset
    if isinstance(group_by, Unset):
        json_group_by = UNSET
    else:
        json_group_by = group_by
    params["group_by"] = json_group_by

    json_channel: None | str | Unset
    if isinstance(channel, Unset):
        json_channel = UNSET
    else:
        json_channel = channel
    params["channel"] = json_channel

    json_node: None | str | Unset
    if isinstance(node, Unset):
        json_node = UNSET
    else:
        json_node = node
    params["node"] = json_node

    json_segment: None | str | Unset
    if isinstance(segment, Unset):
        json_segment = UNSET
    else:
        json_segment = segment
    params["segment"] = json_segment

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/kpis",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> KpiReport | Problem | None:
    if response.status_code == 200:
        response_200 = KpiReport.from_dict(response.json())

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
) -> Response[KpiReport | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    group_by: None | str | Unset = UNSET,
    channel: None | str | Unset = UNSET,
    node: None | str | Unset = UNSET,
    segment: None | str | Unset = UNSET,
) -> Response[KpiReport | Problem]:
    """Operations KPIs for orders placed in a period, optionally grouped

    Args:
        from_ (datetime.date | None | Unset):
        to (datetime.date | None | Unset): inclusive
        group_by (None | str | Unset):
        channel (None | str | Unset):
        node (None | str | Unset):
        segment (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KpiReport | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        group_by=group_by,
        channel=channel,
        node=node,
        segment=segment,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    group_by: None | str | Unset = UNSET,
    channel: None | str | Unset = UNSET,
    node: None | str | Unset = UNSET,
    segment: None | str | Unset = UNSET,
) -> KpiReport | Problem | None:
    """Operations KPIs for orders placed in a period, optionally grouped

    Args:
        from_ (datetime.date | None | Unset):
        to (datetime.date | None | Unset): inclusive
        group_by (None | str | Unset):
        channel (None | str | Unset):
        node (None | str | Unset):
        segment (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KpiReport | Problem
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        group_by=group_by,
        channel=channel,
        node=node,
        segment=segment,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    group_by: None | str | Unset = UNSET,
    channel: None | str | Unset = UNSET,
    node: None | str | Unset = UNSET,
    segment: None | str | Unset = UNSET,
) -> Response[KpiReport | Problem]:
    """Operations KPIs for orders placed in a period, optionally grouped

    Args:
        from_ (datetime.date | None | Unset):
        to (datetime.date | None | Unset): inclusive
        group_by (None | str | Unset):
        channel (None | str | Unset):
        node (None | str | Unset):
        segment (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KpiReport | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        group_by=group_by,
        channel=channel,
        node=node,
        segment=segment,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    group_by: None | str | Unset = UNSET,
    channel: None | str | Unset = UNSET,
    node: None | str | Unset = UNSET,
    segment: None | str | Unset = UNSET,
) -> KpiReport | Problem | None:
    """Operations KPIs for orders placed in a period, optionally grouped

    Args:
        from_ (datetime.date | None | Unset):
        to (datetime.date | None | Unset): inclusive
        group_by (None | str | Unset):
        channel (None | str | Unset):
        node (None | str | Unset):
        segment (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KpiReport | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            group_by=group_by,
            channel=channel,
            node=node,
            segment=segment,
        )
    ).parsed
