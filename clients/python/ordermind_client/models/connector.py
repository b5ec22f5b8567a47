from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.connector_inventory_items_type_0 import ConnectorInventoryItemsType0
    from ..models.connector_locations_type_0 import ConnectorLocationsType0
    from ..models.push_result import PushResult


T = TypeVar("T", bound="Connector")


@_attrs_define
class Connector:
    """
    Attributes:
        id (int):
        kind (str): shopify or woocommerce
        channel (str):
        shop (str): the shop's domain (Shopify) or source URL (WooCommerce)
        admin_api_url (None | str):
        locations (ConnectorLocationsType0 | None): node -> the shop's location id
        inventory_items (ConnectorInventoryItemsType0 | None): SKU -> the shop's item id
        active (bool):
        created_at (datetime.datetime):
        deleted_at (datetime.datetime | None):
        last_push_at (datetime.datetime | None):
        last_push (None | PushResult):
        webhook_path (str): where the shop posts its order webhooks
    """

    id: int
    kind: str
    channel: str
    shop: str
    admin_api_url: None | str
    locations: ConnectorLocationsType0 | None
    inventory_items: ConnectorInventoryItemsType0 | None
    active: bool
    created_at: datetime.datetime
    deleted_at: datetime.datetime | None
    last_push_at: datetime.datetime | None
    last_push: None | PushResult
    webhook_path: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.connector_inventory_items_type_0 import ConnectorInventoryItemsType0  # noqa: PLC0415
        from ..models.connector_locations_type_0 import ConnectorLocationsType0  # noqa: PLC0415
        from ..models.push_result import PushResult  # noqa: PLC0415

        id = self.id

        kind = self.kind

        channel = self.channel

        shop = self.shop

        admin_api_url: None | str
        admin_api_url = self.admin_api_url

        locations: dict[str, Any] | None
        if isinstance(self.locations, ConnectorLocationsType0):
            locations = self.locations.to_dict()
        else:
            locations = self.locations

        inventory_items: dict[str, Any] | None
        if isinstance(self.inventory_items, ConnectorInventoryItemsType0):
            inventory_items = self.inventory_items.to_dict()
        else:
            inventory_items = self.inventory_items

        active = self.active

        created_at = self.created_at.isoformat()

        deleted_at: None | str
        if isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        last_push_at: None | str
        if isinstance(self.last_push_at, datetime.datetime):
            last_push_at = self.last_push_at.isoformat()
        else:
            last_push_at = self.last_push_at

        last_push: dict[str, Any] | None
        if isinstance(self.last_push, PushResult):
            last_push = self.last_push.to_dict()
        else:
            last_push = self.last_push

        webhook_path = self.webhook_path

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "channel": channel,
                "shop": shop,
                "admin_api_url": admin_api_url,
                "locations": locations,
                "inventory_items": inventory_items,
                "active": active,
                "created_at": created_at,
                "deleted_at": deleted_at,
                "last_push_at": last_push_at,
                "last_push": last_push,
                "webhook_path": webhook_path,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connector_inventory_items_type_0 import ConnectorInventoryItemsType0  # noqa: PLC0415
        from ..models.connector_locations_type_0 import ConnectorLocationsType0  # noqa: PLC0415
        from ..models.push_result import PushResult  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        channel = d.pop("channel")

        shop = d.pop("shop")

        def _parse_admin_api_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        admin_api_url = _parse_admin_api_url(d.pop("admin_api_url"))

        def _parse_locations(data: object) -> ConnectorLocationsType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                locations_type_0 = ConnectorLocationsType0.from_dict(data)

                return locations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConnectorLocationsType0 | None, data)

        locations = _parse_locations(d.pop("locations"))

        def _parse_inventory_items(data: object) -> ConnectorInventoryItemsType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                inventory_items_type_0 = ConnectorInventoryItemsType0.from_dict(data)

                return inventory_items_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConnectorInventoryItemsType0 | None, data)

        inventory_items = _parse_inventory_items(d.pop("inventory_items"))

        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_deleted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_at_type_0 = datetime.datetime.fromisoformat(data)

                return deleted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at"))

        def _parse_last_push_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_push_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_push_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_push_at = _parse_last_push_at(d.pop("last_push_at"))

        def _parse_last_push(data: object) -> None | PushResult:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_push_type_0 = PushResult.from_dict(data)

                return last_push_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PushResult, data)

        last_push = _parse_last_push(d.pop("last_push"))

        webhook_path = d.pop("webhook_path")

        connector = cls(
            id=id,
            kind=kind,
            channel=channel,
            shop=shop,
            admin_api_url=admin_api_url,
            locations=locations,
            inventory_items=inventory_items,
            active=active,
            created_at=created_at,
            deleted_at=deleted_at,
            last_push_at=last_push_at,
            last_push=last_push,
            webhook_path=webhook_path,
        )

        connector.additional_properties = d
        return connector

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
