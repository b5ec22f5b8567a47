from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.order import Order
    from ..models.review_hold import ReviewHold


T = TypeVar("T", bound="ReviewItem")


@_attrs_define
class ReviewItem:
    """
    Attributes:
        order_id (int):
        hold (ReviewHold):
        order (Order):
        document_id (int | None): the intake document behind the order, if any
    """

    order_id: int
    hold: ReviewHold
    order: Order
    document_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        hold = self.hold.to_dict()

        order = self.order.to_dict()

        document_id: int | None
        document_id = self.document_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "hold": hold,
                "order": order,
                "document_id": document_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order import Order  # noqa: PLC0415
        from ..models.review_hold import ReviewHold  # noqa: PLC0415

        d = dict(src_dict)
        order_id = d.pop("order_id")

        hold = ReviewHold.from_dict(d.pop("hold"))

        order = Order.from_dict(d.pop("order"))

        def _parse_document_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        document_id = _parse_document_id(d.pop("document_id"))

        review_item = cls(
            order_id=order_id,
            hold=hold,
            order=order,
            document_id=document_id,
        )

        review_item.additional_properties = d
        return review_item

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
