from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Agent")


@_attrs_define
class Agent:
    """
    Attributes:
        id (int):
        name (str):
        actor (str): the API key's actor (key:<prefix>)
        skills (list[str]):
        languages (list[str]):
        capacity (int): cases at once
        active (bool):
        created_at (datetime.datetime):
        load (int | None | Unset): cases held now
    """

    id: int
    name: str
    actor: str
    skills: list[str]
    languages: list[str]
    capacity: int
    active: bool
    created_at: datetime.datetime
    load: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        actor = self.actor

        skills = self.skills

        languages = self.languages

        capacity = self.capacity

        active = self.active

        created_at = self.created_at.isoformat()

        load: int | None | Unset
        if isinstance(self.load, Unset):
            load = UNSET
        else:
            load = self.load

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "actor": actor,
                "skills": skills,
                "languages": languages,
                "capacity": capacity,
                "active": active,
                "created_at": created_at,
            }
        )
        if load is not UNSET:
            field_dict["load"] = load

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        actor = d.pop("actor")

        skills = cast(list[str], d.pop("skills"))

        languages = cast(list[str], d.pop("languages"))

        capacity = d.pop("capacity")

        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_load(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        load = _parse_load(d.pop("load", UNSET))

        agent = cls(
            id=id,
            name=name,
            actor=actor,
            skills=skills,
            languages=languages,
            capacity=capacity,
            active=active,
            created_at=created_at,
            load=load,
        )

        agent.additional_properties = d
        return agent

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
