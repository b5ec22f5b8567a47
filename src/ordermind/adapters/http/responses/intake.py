"""Order documents received (EDI, spreadsheets, PDFs, scans, free text)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from .base import Out


class PageImage(Out):
    number: int
    url: str = Field(description="the page as PNG")
    source: str | None


class OriginalContent(Out):
    encoding: str = Field(description="utf-8, or base64 for a binary file")
    text: str


class IntakeDocument(Out):
    id: int
    channel: str
    source: str = Field(description="api, folder or email")
    filename: str | None
    format: str | None
    po_number: str | None
    buyer_id: str | None
    confidence: float
    status: str = Field(description="placed, review, duplicate or resolved")
    reasons: list[str]
    order_id: int | None
    created_at: datetime
    reviewed_by: str | None
    reviewed_at: datetime | None
    parsed: dict[str, Any] | None
    pages: list[PageImage] | None = Field(default=None, description="PDF and image only")
    boxes: dict[str, Any] | None = Field(default=None, description="PDF and image only")
    line_boxes: list[dict[str, Any]] | None = Field(default=None, description="PDF and image only")


class IntakeDocumentDetail(IntakeDocument):
    original: OriginalContent


class IntakeDocumentList(Out):
    items: list[IntakeDocument]


class IntakeOutcome(Out):
    document_id: int
    status: str = Field(description="placed, review or duplicate")
    order_id: int | None
    confidence: float
    reasons: list[str]
    parsed: dict[str, Any]


class IntakeUpload(Out):
    documents: list[IntakeOutcome] = Field(description="one per order found in the file")
