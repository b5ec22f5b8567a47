from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.care_exception import CareException
    from ..models.fix_applied_applied_type_0 import FixAppliedAppliedType0
    from ..models.order import Order


T = TypeVar("T", bound="FixApplied")


@_attrs_define
class FixApplied:
    """
    Attributes:
        exception (CareException):
        applied (FixAppliedAppliedType0 | None):
        order (None | Order):
    """

    exception: CareException
    applied: FixAppliedAppliedType0 | None
    order: None | Order
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.fix_applied_applied_type_0 import FixAppliedAppliedType0  # noqa: PLC0415
        from ..models.order import Order  # noqa: PLC0415

        exception = self.exception.to_dict()

        applied: dict[str, Any] | None
        if isinstance(self.applied, FixAppliedAppliedType0):
            applied = self.applied.to_dict()
        else:
            applied = self.applied

        order: dict[str, Any] | None
        if isinstance(self.order, Order):
            order = self.order.to_dict()
        else:
            order = self.order

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "exception": exception,
                "applied": applied,
                "order": order,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.care_exception import CareException  # noqa: PLC0415
        from ..models.fix_applied_applied_type_0 import FixAppliedAppliedType0  # noqa: PLC0415
        from ..models.order import Order  # noqa: PLC0415

        d = dict(src_dict)
        exception = CareException.from_dict(d.pop("exception"))

        def _parse_applied(data: object) -> FixAppliedAppliedType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                applied_type_0 = FixAppliedAppliedType0.from_dict(data)

                return applied_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FixAppliedAppliedType0 | None, data)

        applied = _parse_applied(d.pop("applied"))

        def _parse_order(data: object) -> None | Order:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                order_type_0 = Order.from_dict(data)

                return order_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Order, data)

        order = _parse_order(d.pop("order"))

        fix_applied = cls(
            exception=exception,
            applied=applied,
            order=order,
        )

        fix_applied.additional_properties = d
        return fix_applied

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
