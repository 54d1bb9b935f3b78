"""What the API's serializers share."""

from rest_framework import serializers


class ReadOnlyModelSerializer(serializers.ModelSerializer):
    """A model as the API shows it: every field is output only (writes go through the services, with
    request serializers of their own). Read-only fields carry no database-dependent limits, so the
    schema is the same on SQLite and PostgreSQL."""

    def get_extra_kwargs(self):
        extra = super().get_extra_kwargs()
        for name in self.Meta.fields:
            extra[name] = {**extra.get(name, {}), "read_only": True}
        return extra
