"""Serializers' reading made cheap for the large nested lists of the API (a PK's 40 indicators × 50 PKs a page).

DRF's `Serializer.to_representation` resolves every field of every object through `field.get_attribute` (source
lookups, callables, PKOnlyObject wrappers): at thousands of nested rows, most of the request. `FastReadMixin`
resolves each field once per serializer into a getter — the attribute itself, or the foreign key's `<name>_id` for a
primary-key field — and then gives exactly what DRF would (tests/test_api_fast_read.py compares the two on real
PKs). A field it cannot read so simply (a method field, a dotted or "*" source) goes through DRF's own path.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject


class FastReadMixin:
    #: {field name: attribute}: read a prefetched list (`Prefetch(..., to_attr=...)`) when the object has it,
    #: else the field's own source.
    read_sources: dict[str, str] = {}

    def _read_plan(self) -> list[tuple]:
        plan = self.__dict__.get("_fast_read_plan")
        if plan is None:
            plan = []
            for field in self._readable_fields:
                simple = len(field.source_attrs) == 1 and field.source != "*"
                if (
                    simple
                    and isinstance(field, serializers.PrimaryKeyRelatedField)
                    and field.pk_field is None
                    and not getattr(field, "many", False)
                ):
                    plan.append((field.field_name, f"{field.source}_id", None))  # the id itself is the output
                elif simple and not isinstance(field, serializers.SerializerMethodField):
                    plan.append((field.field_name, field.source, field.to_representation))
                else:
                    plan.append((field.field_name, None, field))
            self.__dict__["_fast_read_plan"] = plan
        return plan

    def to_representation(self, instance):
        result = {}
        for name, attribute, convert in self._read_plan():
            if attribute is None:  # DRF's own path
                field = convert
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                check = value.pk if isinstance(value, PKOnlyObject) else value
                result[name] = None if check is None else field.to_representation(value)
                continue
            alternative = self.read_sources.get(name)
            if alternative is not None and hasattr(instance, alternative):
                value = getattr(instance, alternative)
            else:
                value = getattr(instance, attribute)
            if callable(value) and not hasattr(value, "all"):  # DRF calls a simple callable attribute
                value = value()
            if value is None or convert is None:  # a primary key field gives the id as it is
                result[name] = value
            else:
                result[name] = convert(value)
        return result
