from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.wave_release import WaveRelease


T = TypeVar("T", bound="ReleaseWave")


@_attrs_define
class ReleaseWave:
    """
    Attributes:
        node (str):
        released (list[WaveRelease]):
        lines (int): order lines released to the node by this wave
        capacity_left (int): lines the node can still take today
        candidates (int): waiting orders ranked
        stopped (str): why the wave ended
    """

    node: str
    released: list[WaveRelease]
    lines: int
    capacity_left: int
    candidates: int
    stopped: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        node = self.node

        released = []
        for released_item_data in self.released:
            released_item = released_item_data.to_dict()
            released.append(released_item)

        lines = self.lines

        capacity_left = self.capacity_left

        candidates = self.candidates

        stopped = self.stopped

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "node": node,
                "released": released,
                "lines": lines,
                "capacity_left": capacity_left,
                "candidates": candidates,
                "stopped": stopped,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.wave_release import WaveRelease  # noqa: PLC0415

        d = dict(src_dict)
        node = d.pop("node")

        released = []
        _released = d.pop("released")
        for released_item_data in _released:
            released_item = WaveRelease.from_dict(released_item_data)

            released.append(released_item)

        lines = d.pop("lines")

        capacity_left = d.pop("capacity_left")

        candidates = d.pop("candidates")

        stopped = d.pop("stopped")

        release_wave = cls(
            node=node,
            released=released,
            lines=lines,
            capacity_left=capacity_left,
            candidates=candidates,
            stopped=stopped,
        )

        release_wave.additional_properties = d
        return release_wave

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
