"""The working-day calculator (hrparks.workdays.calendar): the n-th working day after a date, and the
working days between two dates — statutory holidays, 调休 and the bureau's overrides included."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from hrparks.api.permissions import EVERYONE
from hrparks.api.views import ApiViewSet
from hrparks.workdays.calendar import FIRST_YEAR, LAST_YEAR, add_working_days, count_working_days, is_provisional

MAX_DAYS = 3650


def _covered(day):
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise serializers.ValidationError(
            _("the working-day calendar covers %(first)s–%(last)s, not %(year)s")
            % {"first": FIRST_YEAR, "last": LAST_YEAR, "year": day.year}
        )
    return day


class AddQuerySerializer(serializers.Serializer):
    start = serializers.DateField(validators=[_covered], help_text=gettext_lazy("The day to count from (not counted)."))
    days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS, help_text=gettext_lazy("Working days to add."))


class AddResultSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    date = serializers.DateField(help_text=gettext_lazy("The n-th working day after the start."))
    provisional = serializers.BooleanField(
        help_text=gettext_lazy("The year's holidays are an estimate: the State Council has not yet published them.")
    )


class CountQuerySerializer(serializers.Serializer):
    start = serializers.DateField(validators=[_covered], help_text=gettext_lazy("First day (counted)."))
    end = serializers.DateField(validators=[_covered], help_text=gettext_lazy("Last day (counted)."))


class CountResultSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    working_days = serializers.IntegerField(help_text=gettext_lazy("0 when the end is before the start."))
    provisional = serializers.BooleanField()


class WorkdaysViewSet(ApiViewSet):
    """Open to every logged-in user: the calendar is public knowledge."""

    allowed_roles = EVERYONE

    def _query(self, serializer_class) -> dict:
        query = serializer_class(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data

    @extend_schema(parameters=[AddQuerySerializer], responses=AddResultSerializer)
    @action(detail=False, methods=["get"])
    def add(self, request):
        query = self._query(AddQuerySerializer)
        try:
            result = add_working_days(query["start"], query["days"])
        except ValueError as exc:  # the count ran past the last year the calendar covers
            raise serializers.ValidationError({"days": [str(exc)]}) from exc
        return Response(
            AddResultSerializer(
                {**query, "date": result, "provisional": is_provisional(result.year)},
            ).data
        )

    @extend_schema(parameters=[CountQuerySerializer], responses=CountResultSerializer)
    @action(detail=False, methods=["get"])
    def count(self, request):
        query = self._query(CountQuerySerializer)
        years = range(query["start"].year, query["end"].year + 1)
        return Response(
            CountResultSerializer(
                {
                    **query,
                    "working_days": count_working_days(query["start"], query["end"]),
                    "provisional": any(is_provisional(year) for year in years),
                }
            ).data
        )
