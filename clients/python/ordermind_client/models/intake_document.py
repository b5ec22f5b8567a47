from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.intake_document_boxes_type_0 import IntakeDocumentBoxesType0
    from ..models.intake_document_line_boxes_type_0_item import IntakeDocumentLineBoxesType0Item
    from ..models.intake_document_parsed_type_0 import IntakeDocumentParsedType0
    from ..models.page_image import PageImage


T = TypeVar("T", bound="IntakeDocument")


@_attrs_define
class IntakeDocument:
    """
    Attributes:
        id (int):
        channel (str):
        source (str): api, folder or email
        filename (None | str):
        format_ (None | str):
        po_number (None | str):
        buyer_id (None | str):
        confidence (float):
        status (str): placed, review, duplicate or resolved
        reasons (list[str]):
        order_id (int | None):
        created_at (datetime.datetime):
        reviewed_by (None | str):
        reviewed_at (datetime.datetime | None):
        parsed (IntakeDocumentParsedType0 | None):
        pages (list[PageImage] | None | Unset): PDF and image only
        boxes (IntakeDocumentBoxesType0 | None | Unset): PDF and image only
        line_boxes (list[IntakeDocumentLineBoxesType0Item] | None | Unset): PDF and image only
    """

    id: int
    channel: str
    source: str
    filename: None | str
    format_: None | str
    po_number: None | str
    buyer_id: None | str
    confidence: float
    status: str
    reasons: list[str]
    order_id: int | None
    created_at: datetime.datetime
    reviewed_by: None | str
    reviewed_at: datetime.datetime | None
    parsed: IntakeDocumentParsedType0 | None
    pages: list[PageImage] | None | Unset = UNSET
    boxes: IntakeDocumentBoxesType0 | None | Unset = UNSET
    line_boxes: list[IntakeDocumentLineBoxesType0Item] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.intake_document_boxes_type_0 import IntakeDocumentBoxesType0  # noqa: PLC0415
        from ..models.intake_document_parsed_type_0 import IntakeDocumentParsedType0  # noqa: PLC0415

        id = self.id

        channel = self.channel

        source = self.source

        filename: None | str
        filename = self.filename

        format_: None | str
        format_ = self.format_

        po_number: None | str
        po_number = self.po_number

        buyer_id: None | str
        buyer_id = self.buyer_id

        confidence = self.confidence

        status = self.status

        reasons = self.reasons

        order_id: int | None
        order_id = self.order_id

        created_at = self.created_at.isoformat()

        reviewed_by: None | str
        reviewed_by = self.reviewed_by

        reviewed_at: None | str
        if isinstance(self.reviewed_at, datetime.datetime):
            reviewed_at = self.reviewed_at.isoformat()
        else:
            reviewed_at = self.reviewed_at

        parsed: dict[str, Any] | None
        if isinstance(self.parsed, IntakeDocumentParsedType0):
            parsed = self.parsed.to_dict()
        else:
            parsed = self.parsed

        pages: list[dict[str, Any]] | None | Unset
        if isinstance(self.pages, Unset):
            pages = UNSET
        elif isinstance(self.pages, list):
            pages = []
            for pages_type_0_item_data in self.pages:
                pages_type_0_item = pages_type_0_item_data.to_dict()
                pages.append(pages_type_0_item)

        else:
            pages = self.pages

        boxes: dict[str, Any] | None | Unset
        if isinstance(self.boxes, Unset):
            boxes = UNSET
        elif isinstance(self.boxes, IntakeDocumentBoxesType0):
            boxes = self.boxes.to_dict()
        else:
            boxes = self.boxes

        line_boxes: list[dict[str, Any]] | None | Unset
        if isinstance(self.line_boxes, Unset):
            line_boxes = UNSET
        elif isinstance(self.line_boxes, list):
            line_boxes = []
            for line_boxes_type_0_item_data in self.line_boxes:
                line_boxes_type_0_item = line_boxes_type_0_item_data.to_dict()
                line_boxes.append(line_boxes_type_0_item)

        else:
            line_boxes = self.line_boxes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "channel": channel,
                "source": source,
                "filename": filename,
                "format": format_,
                "po_number": po_number,
                "buyer_id": buyer_id,
                "confidence": confidence,
                "status": status,
                "reasons": reasons,
                "order_id": order_id,
                "created_at": created_at,
                "reviewed_by": reviewed_by,
                "reviewed_at": reviewed_at,
                "parsed": parsed,
            }
        )
        if pages is not UNSET:
            field_dict["pages"] = pages
        if boxes is not UNSET:
            field_dict["boxes"] = boxes
        if line_boxes is not UNSET:
            field_dict["line_boxes"] = line_boxes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.intake_document_boxes_type_0 import IntakeDocumentBoxesType0  # noqa: PLC0415
        from ..models.intake_document_line_boxes_type_0_item import IntakeDocumentLineBoxesType0Item  # noqa: PLC0415
        from ..models.intake_document_parsed_type_0 import IntakeDocumentParsedType0  # noqa: PLC0415
        from ..models.page_image import PageImage  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        channel = d.pop("channel")

        source = d.pop("source")

        def _parse_filename(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        filename = _parse_filename(d.pop("filename"))

        def _parse_format_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        format_ = _parse_format_(d.pop("format"))

        def _parse_po_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        po_number = _parse_po_number(d.pop("po_number"))

        def _parse_buyer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        buyer_id = _parse_buyer_id(d.pop("buyer_id"))

        confidence = d.pop("confidence")

        status = d.pop("status")

        reasons = cast(list[str], d.pop("reasons"))

        def _parse_order_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        order_id = _parse_order_id(d.pop("order_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_reviewed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reviewed_by = _parse_reviewed_by(d.pop("reviewed_by"))

        def _parse_reviewed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reviewed_at_type_0 = datetime.datetime.fromisoformat(data)

                return reviewed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        reviewed_at = _parse_reviewed_at(d.pop("reviewed_at"))

        def _parse_parsed(data: object) -> IntakeDocumentParsedType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                parsed_type_0 = IntakeDocumentParsedType0.from_dict(data)

                return parsed_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IntakeDocumentParsedType0 | None, data)

        parsed = _parse_parsed(d.pop("parsed"))

        def _parse_pages(data: object) -> list[PageImage] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                pages_type_0 = []
                _pages_type_0 = data
                for pages_type_0_item_data in _pages_type_0:
                    pages_type_0_item = PageImage.from_dict(pages_type_0_item_data)

                    pages_type_0.append(pages_type_0_item)

                return pages_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[PageImage] | None | Unset, data)

        pages = _parse_pages(d.pop("pages", UNSET))

        def _parse_boxes(data: object) -> IntakeDocumentBoxesType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                boxes_type_0 = IntakeDocumentBoxesType0.from_dict(data)

                return boxes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IntakeDocumentBoxesType0 | None | Unset, data)

        boxes = _parse_boxes(d.pop("boxes", UNSET))

        def _parse_line_boxes(
            data: object,
        ) -> list[IntakeDocumentLineBoxesType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                line_boxes_type_0 = []
                _line_boxes_type_0 = data
                for line_boxes_type_0_item_data in _line_boxes_type_0:
                    line_boxes_type_0_item = IntakeDocumentLineBoxesType0Item.from_dict(
                        line_boxes_type_0_item_data
                    )

                    line_boxes_type_0.append(line_boxes_type_0_item)

                return line_boxes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[IntakeDocumentLineBoxesType0Item] | None | Unset, data)

        line_boxes = _parse_line_boxes(d.pop("line_boxes", UNSET))

        intake_document = cls(
            id=id,
            channel=channel,
            source=source,
            filename=filename,
            format_=format_,
            po_number=po_number,
            buyer_id=buyer_id,
            confidence=confidence,
            status=status,
            reasons=reasons,
            order_id=order_id,
            created_at=created_at,
            reviewed_by=reviewed_by,
            reviewed_at=reviewed_at,
            parsed=parsed,
            pages=pages,
            boxes=boxes,
            line_boxes=line_boxes,
        )

        intake_document.additional_properties = d
        return intake_document

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
