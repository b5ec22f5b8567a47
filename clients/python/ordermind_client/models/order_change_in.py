from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address_in import AddressIn
    from ..models.change_line_in import ChangeLineIn


T = TypeVar("T", bound="OrderChangeIn")


@_attrs_define
class OrderChangeIn:
    """
    Attributes:
        ship_to (AddressIn | None | Unset):
        lines (list[ChangeLineIn] | None | Unset):
        requested_delivery_date (datetime.date | None | Unset):
    """

    ship_to: AddressIn | None | Unset = UNSET
    lines: list[ChangeLineIn] | None | Unset = UNSET
    requested_delivery_date: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.address_in import AddressIn  # noqa: PLC0415

        ship_to: dict[str, Any] | None | Unset
        if isinstance(self.ship_to, Unset):
            ship_to = UNSET
        elif isinstance(self.ship_to, AddressIn):
            ship_to = self.ship_to.to_dict()
        else:
            ship_to = self.ship_to

        lines: list[dict[str, Any]] | None | Unset
        if isinstance(self.lines, Unset):
            lines = UNSET
        elif isinstance(self.lines, list):
            lines = []
            for lines_type_0_item_data in self.lines:
                lines_type_0_item = lines_type_0_item_data.to_dict()
                lines.append(lines_type_0_item)

        else:
            lines = self.lines

        requested_delivery_date: None | str | Unset
        if isinstance(self.requested_delivery_date, Unset):
            requested_delivery_date = UNSET
        elif isinstance(self.requested_delivery_date, datetime.date):
            requested_delivery_date = self.requested_delivery_date.isoformat()
        else:
            requested_delivery_date = self.requested_delivery_date

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if ship_to is not UNSET:
            field_dict["ship_to"] = ship_to
        if lines is not UNSET:
            field_dict["lines"] = lines
        if requested_delivery_date is not UNSET:
            field_dict["requested_delivery_date"] = requested_delivery_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address_in import AddressIn  # noqa: PLC0415
        from ..models.change_line_in import ChangeLineIn  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_ship_to(data: object) -> AddressIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                ship_to_type_0 = AddressIn.from_dict(data)

                return ship_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AddressIn | None | Unset, data)

        ship_to = _parse_ship_to(d.pop("ship_to", UNSET))

        def _parse_lines(data: object) -> list[ChangeLineIn] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                lines_type_0 = []
                _lines_type_0 = data
                for lines_type_0_item_data in _lines_type_0:
                    lines_type_0_item = ChangeLineIn.from_dict(lines_type_0_item_data)

                    lines_type_0.append(lines_type_0_item)

                return lines_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ChangeLineIn] | None | Unset, data)

        lines = _parse_lines(d.pop("lines", UNSET))

        def _parse_requested_delivery_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                requested_delivery_date_type_0 = datetime.date.fromisoformat(data)

                return requested_delivery_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        requested_delivery_date = _parse_requested_delivery_date(
            d.pop("requested_delivery_date", UNSET)
        )

        order_change_in = cls(
            ship_to=ship_to,
            lines=lines,
            requested_delivery_date=requested_delivery_date,
        )

        return order_change_in
