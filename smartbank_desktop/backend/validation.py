"""Request data checked by a serializer and held to the types the API schema states.

Django REST framework is more lenient than the schema it publishes: in JSON, a
text field takes a number and an identifier takes an integer; in a form or a
query, an empty value of an optional field counts as no value at all. Here a
JSON value must be of the stated type, and an empty value is refused where the
schema asks for a date, a number, an identifier or text that may not be blank,
so that what the schema calls invalid is answered ``invalid_input``.
"""

from __future__ import annotations

from collections.abc import Mapping

from rest_framework import serializers
from rest_framework.utils import html

_JSON_TYPES = (  # the first match decides; FileField and JSONField take what they take
    (serializers.FileField, None, ""),
    (serializers.JSONField, None, ""),
    (serializers.BooleanField, (bool,), "true or false"),
    (serializers.IntegerField, (int,), "a whole number"),
    (serializers.FloatField, (int, float), "a number"),
    (serializers.ListField, (list,), "a list"),
    (serializers.MultipleChoiceField, (list,), "a list"),
    (serializers.DictField, (dict,), "an object"),
    (serializers.Serializer, (dict,), "an object"),
    ((serializers.CharField, serializers.UUIDField, serializers.DateField, serializers.DateTimeField,
      serializers.ChoiceField), (str,), "text"),
)


def _wrong_json_type(field: serializers.Field, value) -> str | None:
    for kind, types, name in _JSON_TYPES:
        if isinstance(field, kind):
            if types is None or value is None:  # null is the field's own business (allow_null)
                return None
            if isinstance(value, types) and not (isinstance(value, bool) and bool not in types):
                return None
            return f"This must be {name}."
    return None


def _empty_where_not_allowed(field: serializers.Field, value) -> str | None:
    if value != "" or field.required or isinstance(field, (serializers.FileField, serializers.ListField)):
        return None
    if isinstance(field, serializers.CharField) and field.allow_blank:
        return None
    return "This may not be empty."


def validated(serializer_class, data) -> dict:
    """``data`` checked by ``serializer_class``: its validated data, or a ValidationError (``invalid_input``)."""
    serializer = serializer_class(data=data)
    if isinstance(data, Mapping):
        wrong = _empty_where_not_allowed if html.is_html_input(data) else _wrong_json_type
        errors = {name: [reason] for name, field in serializer.fields.items()
                  if not field.read_only and name in data and (reason := wrong(field, data[name]))}
        if errors:
            raise serializers.ValidationError(errors)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class VariantSerializer(serializers.Serializer):
    """A request whose needed fields depend on the value of one of its fields (its variant).

    ``variant_field`` names that field; ``needs`` maps its values to the fields each
    needs, with the sentence that asks for the field; ``bounds`` gives, by value,
    limits that the services check (``{field: {"minimum": ...}}``). The API schema
    states both, one ``oneOf`` branch a variant (:mod:`.schema`).
    """

    variant_field: str
    needs: dict[str, dict[str, str]] = {}
    bounds: dict[str, dict[str, dict]] = {}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        needed = self.needs.get(attrs.get(self.variant_field), {})
        missing = {name: [reason] for name, reason in needed.items() if not attrs.get(name)}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs
