from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AgentIn")


@_attrs_define
class AgentIn:
    """
    Attributes:
        name (str):
        key_id (int):
        skills (list[str]):
        languages (list[str]):
        capacity (int | Unset):  Default: 5.
        active (bool | Unset):  Default: True.
    """

    name: str
    key_id: int
    skills: list[str]
    languages: list[str]
    capacity: int | Unset = 5
    active: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        key_id = self.key_id

        skills = self.skills

        languages = self.languages

        capacity = self.capacity

        active = self.active

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "key_id": key_id,
                "skills": skills,
                "languages": languages,
            }
        )
        if capacity is not UNSET:
            field_dict["capacity"] = capacity
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        key_id = d.pop("key_id")

        skills = cast(list[str], d.pop("skills"))

        languages = cast(list[str], d.pop("languages"))

        capacity = d.pop("capacity", UNSET)

        active = d.pop("active", UNSET)

        agent_in = cls(
            name=name,
            key_id=key_id,
            skills=skills,
            languages=languages,
            capacity=capacity,
            active=active,
        )

        return agent_in
