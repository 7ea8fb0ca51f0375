"""The OpenAPI schema states every answer an operation can give and the rules its requests must keep.

:class:`BankAutoSchema` (the schema class of every view) adds to the refusals a
view declares with :func:`~smartbank_desktop.backend.errors.error_responses`
those that every operation of its kind can meet: ``not_signed_in`` where a
token is read, ``throttled`` where requests are counted, ``not_found`` where
the path names something, and an unreadable, invalid, too large or
unsupported body where one is read. It states in the schema what Django REST
framework checks without saying so (text has no NUL character, and text that
may not be blank has more than white space, which is trimmed), and the fields
a :class:`~smartbank_desktop.backend.validation.VariantSerializer` needs by
variant, as ``oneOf``. :func:`text_field` gives a field the canonical form of
what it takes (a PIN, a mobile number) as a pattern.

Rules a schema cannot state (a start date after the end date, an Aadhaar
check digit, a customer's own accounts) are refusals documented with the
operation; ``schemathesis.toml`` names, for each operation, the statuses a
well-formed request can meet for them.
"""

from __future__ import annotations

import copy

from django.core.validators import RegexValidator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance, get_doc
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from smartbank_desktop.backend.errors import RefusalsResponse, error_responses
from smartbank_desktop.backend.validation import VariantSerializer
from smartbank_desktop.core.refusals import Code

BODY_REFUSALS = (Code.INVALID_INPUT, Code.MALFORMED_REQUEST, Code.REQUEST_TOO_LARGE, Code.UNSUPPORTED_MEDIA_TYPE)
_NO_NUL = r"^[^\u0000]*$"
_VARIANTS = "x-variants"
# What str.strip() trims (every character whose isspace() is true), spelled out: \s differs between
# the regular expression dialects that read a schema.
_SPACE = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def text_field(pattern: str) -> type[serializers.CharField]:
    """A text field class whose schema states ``pattern``, the canonical form of what it takes.

    The serializer or the service checks the rule itself and answers a plain reason; it may
    also take other ways of writing the same thing (spaces in a mobile number).
    """
    return extend_schema_field({"type": "string", "pattern": pattern})(
        type("PatternText", (serializers.CharField,), {"__doc__": f"Text of the form {pattern}"}))


def _text_pattern(field: serializers.CharField) -> str:
    """What a CharField takes: no NUL, and when it trims white space, its lengths once trimmed."""
    if not field.trim_whitespace:
        return _NO_NUL
    least = 0 if field.allow_blank else max(field.min_length or 0, 1)
    most = field.max_length
    kept = f"[^{_SPACE}\\u0000]"  # a character that trimming keeps
    if most is not None and most < 2:
        text = kept
    else:
        longer = f"([^\\u0000]{{{max(least - 2, 0)},{'' if most is None else most - 2}}}{kept})"
        text = kept + longer + ("" if least >= 2 else "?")
    return f"^[{_SPACE}]*{text if least else f'({text})?'}[{_SPACE}]*$"


def _needs(serializer: VariantSerializer) -> str:
    needs = "; ".join(f"{value} needs {', '.join(needed)}" for value, needed in serializer.needs.items())
    return f"The fields needed depend on `{serializer.variant_field}`: {needs}."


def _variants(serializer: VariantSerializer) -> list[dict]:
    """One ``oneOf`` branch per value of the variant field that needs fields, one for all the others."""
    name = serializer.variant_field
    field = serializer.fields[name]
    default = None if field.default is empty else str(field.default)
    values = [str(value) for value in field.choices]
    needs = {str(value): needed for value, needed in serializer.needs.items()}
    bounds = {str(value): limits for value, limits in serializer.bounds.items()}
    groups = [[value] for value in values if value in needs]
    if others := [value for value in values if value not in needs]:
        groups.append(others)
    branches = []
    for group in groups:
        needed = needs.get(group[0], {}) if len(group) == 1 else {}
        required = ([] if default in group else [name]) + list(needed)
        branch = {"properties": {name: {"enum": group}, **bounds.get(group[0], {})}}
        branches.append({**branch, "required": required} if required else branch)
    return branches


def _file_fields(serializer) -> set[str]:
    return {name for name, field in serializer.fields.items()
            if isinstance(field, serializers.FileField) or isinstance(getattr(field, "child", None), serializers.FileField)}


def _without_files(schema: dict, files: set[str]) -> dict | None:
    """A body schema for JSON or a plain form, which carry no files; None when every variant needs one."""
    if files & set(schema.get("required", [])):
        return None
    schema = copy.deepcopy(schema)
    for name in files:
        schema["properties"][name] = {"not": {}, "description": "files travel only in multipart/form-data"}
    if _VARIANTS in schema:
        branches = [branch for branch in schema.pop(_VARIANTS) if not files & set(branch.get("required", []))]
        if not branches:
            return None
        schema["oneOf"] = branches
    return schema


class BankAutoSchema(AutoSchema):
    def implied_refusals(self) -> list[Code]:
        """The refusals every operation of this kind can meet, whatever its view declares."""
        codes = []
        if self.view.get_authenticators():
            codes.append(Code.NOT_SIGNED_IN)
        if self.view.get_throttles():
            codes.append(Code.THROTTLED)
        if "{" in self.path:
            codes.append(Code.NOT_FOUND)
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            codes.extend(BODY_REFUSALS)
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        declared = self.get_response_serializers()
        codes = [code for answer in (declared.values() if isinstance(declared, dict) else [])
                 if isinstance(answer, RefusalsResponse) for code in answer.codes]
        for status, answer in error_responses(*codes, *self.implied_refusals()).items():
            responses[str(status)] = self._get_response_for_code(answer, str(status), direction=direction)
        return dict(sorted(responses.items()))

    def _get_request_body(self, direction="request"):
        body = super()._get_request_body(direction)
        serializer = force_instance(self.get_request_serializer()) if body else None
        if not isinstance(serializer, serializers.Serializer) or not (files := _file_fields(serializer)):
            return body
        schema = self.resolve_serializer(serializer, direction).schema
        for media_type in [media_type for media_type in body["content"] if not media_type.startswith("multipart/")]:
            if (without := _without_files(schema, files)) is None:
                del body["content"][media_type]
            else:
                body["content"][media_type]["schema"] = without
        return body

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "request" and isinstance(field, serializers.FileField) and not field.allow_empty_file:
            schema["minLength"] = 1
        if (direction == "request" and isinstance(field, serializers.CharField) and isinstance(schema, dict)
                and schema.get("type") == "string" and not {"pattern", "format", "enum"} & set(schema)
                and not any(isinstance(validator, RegexValidator) for validator in field.validators)):
            schema["pattern"] = _text_pattern(field)
        return schema

    def _map_basic_serializer(self, serializer, direction):
        serializer = force_instance(serializer)
        schema = super()._map_basic_serializer(serializer, direction)
        if direction != "request":
            return schema
        for name, field in serializer.fields.items():
            prop = schema["properties"].get(name, {})
            if isinstance(field, serializers.CharField) and prop.get("pattern") == _text_pattern(field) != _NO_NUL:
                prop.pop("minLength", None)  # the pattern holds the lengths of the trimmed text;
                prop.pop("maxLength", None)  # the lengths of what is sent are not limited
        if isinstance(serializer, VariantSerializer):
            own = type(serializer).__dict__.get("__doc__")
            schema["description"] = "\n\n".join(filter(None, [own and get_doc(type(serializer)), _needs(serializer)]))
            schema[_VARIANTS] = _variants(serializer)  # made oneOf by state_variants, after the enum components
        return schema


def state_variants(result, generator, request, public):
    """Postprocessing hook: each variant serializer's branches become its schema's ``oneOf``.

    It runs after drf-spectacular's enum hook, which would make a component of each branch's enum.
    """
    for schema in result.get("components", {}).get("schemas", {}).values():
        if _VARIANTS in schema:
            schema["oneOf"] = schema.pop(_VARIANTS)
    return result
