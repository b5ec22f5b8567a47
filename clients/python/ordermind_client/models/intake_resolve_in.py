from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address_in import AddressIn
    from ..models.intake_fields_in import IntakeFieldsIn
    from ..models.line_correction_in import LineCorrectionIn


T = TypeVar("T", bound="IntakeResolveIn")


@_attrs_define
class IntakeResolveIn:
    """
    Attributes:
        lines (list[LineCorrectionIn] | Unset):
        ship_to (AddressIn | None | Unset):
        fields (IntakeFieldsIn | None | Unset):
    """

    lines: list[LineCorrectionIn] | Unset = UNSET
    ship_to: AddressIn | None | Unset = UNSET
    fields: IntakeFieldsIn | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.address_in import AddressIn  # noqa: PLC0415
        from ..models.intake_fields_in import IntakeFieldsIn  # noqa: PLC0415

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)

        ship_to: dict[str, Any] | None | Unset
        if isinstance(self.ship_to, Unset):
            ship_to = UNSET
        elif isinstance(self.ship_to, AddressIn):
            ship_to = self.ship_to.to_dict()
        else:
            ship_to = self.ship_to

        fields: dict[str, Any] | None | Unset
        if isinstance(self.fields, Unset):
            fields = UNSET
        elif isinstance(self.fields, IntakeFieldsIn):
            fields = self.fields.to_dict()
        else:
            fields = self.fields

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if lines is not UNSET:
            field_dict["lines"] = lines
        if ship_to is not UNSET:
            field_dict["ship_to"] = ship_to
        if fields is not UNSET:
            field_dict["fields"] = fields

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address_in import AddressIn  # noqa: PLC0415
        from ..models.intake_fields_in import IntakeFieldsIn  # noqa: PLC0415
        from ..models.line_correction_in import LineCorrectionIn  # noqa: PLC0415

        d = dict(src_dict)
        _lines = d.pop("lines", UNSET)
        lines: list[LineCorrectionIn] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = LineCorrectionIn.from_dict(lines_item_data)

                lines.append(lines_item)

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

        def _parse_fields(data: object) -> IntakeFieldsIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                fields_type_0 = IntakeFieldsIn.from_dict(data)

                return fields_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IntakeFieldsIn | None | Unset, data)

        fields = _parse_fields(d.pop("fields", UNSET))

        intake_resolve_in = cls(
            lines=lines,
            ship_to=ship_to,
            fields=fields,
        )

        return intake_resolve_in
