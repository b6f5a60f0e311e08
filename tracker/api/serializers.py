"""Serializers that refuse what they do not know: unknown fields, a non-list for a list, the wrong JSON type."""

from rest_framework import serializers

LIST_FIELDS = (serializers.ListField, serializers.ListSerializer, serializers.ManyRelatedField)
JSON_TYPES = (
    (serializers.BooleanField, "a boolean"),
    (serializers.IntegerField, "a whole number"),
    (serializers.CharField, "a string"),
    (serializers.DateField, "a string"),
)


def _expected(field) -> str | None:
    if isinstance(field, serializers.ChoiceField):
        keys = list(field.choices)
        return "a whole number" if keys and all(isinstance(k, int) for k in keys) else "a string"
    return next((expected for kind, expected in JSON_TYPES if isinstance(field, kind)), None)


def _is(value, expected: str) -> bool:
    if expected == "a boolean":
        return isinstance(value, bool)
    if expected == "a whole number":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, instead of silently ignoring them."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, f in self.fields.items() if not f.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError(
                    {name: [serializers.ErrorDetail("unknown field", code="unknown_field")] for name in unknown}
                )
            # DRF takes any iterable, a JSON object included, where a list is meant.
            not_lists = [name for name, f in self.fields.items() if isinstance(f, LIST_FIELDS)
                         and name in data and not isinstance(data[name], list)]  # fmt: skip
            if not_lists:
                raise serializers.ValidationError(
                    {name: [serializers.ErrorDetail("expected a list", code="not_a_list")] for name in not_lists}
                )
            # JSON types as the schema gives them: "12" is not a number, 0 is not a string or a boolean.
            wrong = {
                name: expected
                for name, f in self.fields.items()
                if name in data
                and data[name] is not None
                and not f.read_only
                and (expected := _expected(f))
                and not _is(data[name], expected)
            }
            if wrong:
                raise serializers.ValidationError(
                    {name: [serializers.ErrorDetail(f"expected {t}", code="wrong_type")] for name, t in wrong.items()}
                )
        return super().to_internal_value(data)


class StrictModelSerializer(StrictSerializer, serializers.ModelSerializer):
    pass


class StrictBooleanField(serializers.BooleanField):
    """true or false, as JSON has them; not 0, 1, "yes" or "on"."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data
