from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.connector_in_kind import ConnectorInKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.connector_in_inventory_items import ConnectorInInventoryItems
    from ..models.connector_in_locations import ConnectorInLocations


T = TypeVar("T", bound="ConnectorIn")


@_attrs_define
class ConnectorIn:
    """
    Attributes:
        kind (ConnectorInKind):
        channel (str):
        shop (str):
        signing_secret (None | str | Unset):
        admin_api_url (None | str | Unset):
        api_token (None | str | Unset):
        locations (ConnectorInLocations | Unset):
        inventory_items (ConnectorInInventoryItems | Unset):
    """

    kind: ConnectorInKind
    channel: str
    shop: str
    signing_secret: None | str | Unset = UNSET
    admin_api_url: None | str | Unset = UNSET
    api_token: None | str | Unset = UNSET
    locations: ConnectorInLocations | Unset = UNSET
    inventory_items: ConnectorInInventoryItems | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        channel = self.channel

        shop = self.shop

        signing_secret: None | str | Unset
        if isinstance(self.signing_secret, Unset):
            signing_secret = UNSET
        else:
            signing_secret = self.signing_secret

        admin_api_url: None | str | Unset
        if isinstance(self.admin_api_url, Unset):
            admin_api_url = UNSET
        else:
            admin_api_url = self.admin_api_url

        api_token: None | str | Unset
        if isinstance(self.api_token, Unset):
            api_token = UNSET
        else:
            api_token = self.api_token

        locations: dict[str, Any] | Unset = UNSET
        if not isinstance(self.locations, Unset):
            locations = self.locations.to_dict()

        inventory_items: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inventory_items, Unset):
            inventory_items = self.inventory_items.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "channel": channel,
                "shop": shop,
            }
        )
        if signing_secret is not UNSET:
            field_dict["signing_secret"] = signing_secret
        if admin_api_url is not UNSET:
            field_dict["admin_api_url"] = admin_api_url
        if api_token is not UNSET:
            field_dict["api_token"] = api_token
        if locations is not UNSET:
            field_dict["locations"] = locations
        if inventory_items is not UNSET:
            field_dict["inventory_items"] = inventory_items

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connector_in_inventory_items import ConnectorInInventoryItems  # noqa: PLC0415
        from ..models.connector_in_locations import ConnectorInLocations  # noqa: PLC0415

        d = dict(src_dict)
        kind = ConnectorInKind(d.pop("kind"))

        channel = d.pop("channel")

        shop = d.pop("shop")

        def _parse_signing_secret(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        signing_secret = _parse_signing_secret(d.pop("signing_secret", UNSET))

        def _parse_admin_api_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        admin_api_url = _parse_admin_api_url(d.pop("admin_api_url", UNSET))

        def _parse_api_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        api_token = _parse_api_token(d.pop("api_token", UNSET))

        _locations = d.pop("locations", UNSET)
        locations: ConnectorInLocations | Unset
        if isinstance(_locations, Unset):
            locations = UNSET
        else:
            locations = ConnectorInLocations.from_dict(_locations)

        _inventory_items = d.pop("inventory_items", UNSET)
        inventory_items: ConnectorInInventoryItems | Unset
        if isinstance(_inventory_items, Unset):
            inventory_items = UNSET
        else:
            inventory_items = ConnectorInInventoryItems.from_dict(_inventory_items)

        connector_in = cls(
            kind=kind,
            channel=channel,
            shop=shop,
            signing_secret=signing_secret,
            admin_api_url=admin_api_url,
            api_token=api_token,
            locations=locations,
            inventory_items=inventory_items,
        )

        return connector_in
