"""apps/core/serializers.FastReadMixin gives exactly what DRF's own `to_representation` gives, on real PKs read the
way the API reads them (prefetched lists) and the way a write answers (related managers): drafts, signed PKs with
reviews, an amendment, band targets, quarterly targets, weights, empty and null values, a cascaded PK's supports."""

import pytest
from rest_framework import serializers

from apps.accounts.models import Role
from apps.agreements import selectors
from apps.agreements.api import AgreementSerializer
from apps.agreements.models import Agreement, AgreementIndicator

from .factories_progress import make_signed_agreement
from .factories_tree import make_cascade

pytestmark = pytest.mark.django_db


def drf(serializer_class, instance, context):
    """DRF's own reading, the mixin bypassed at every level."""

    def plain(serializer, obj):
        result = {}
        for field in serializer._readable_fields:
            value = field.get_attribute(obj)
            if value is None or getattr(value, "pk", 0) is None:
                result[field.field_name] = None
            elif isinstance(field, serializers.ListSerializer):
                items = value.all() if hasattr(value, "all") else value
                result[field.field_name] = [plain(field.child, item) for item in items]
            else:
                result[field.field_name] = field.to_representation(value)
        return result

    return plain(serializer_class(context=context), instance)


def test_the_fast_reading_equals_drfs(department, other_department, make_user, rf):
    make_signed_agreement(other_department, year=2026)
    unsigned = make_signed_agreement(department, year=2026, signed=False)
    indicator = unsigned.indicators.order_by("order").first()
    AgreementIndicator.objects.filter(pk=indicator.pk).update(target=None, target_low="80.5", target_high="90")
    AgreementIndicator.objects.exclude(pk=indicator.pk).filter(agreement=unsigned).update(
        quarterly_targets=["10", "20.25", "30", "40"], weight="1.5", unit=""
    )
    make_cascade(department, year=2025)
    request = rf.get("/")
    request.user = make_user(Role.BAPPEDA)
    ids = list(Agreement.all_levels.values_list("pk", flat=True))
    assert len(ids) >= 4
    for for_api in (True, False):
        for agreement in selectors.with_content(Agreement.all_levels.filter(pk__in=ids), for_api=for_api):
            fast = AgreementSerializer(agreement, context={"request": request}).data
            assert dict(fast) == drf(AgreementSerializer, agreement, {"request": request})
            assert fast["objectives"] and fast["objectives"][0]["indicators"]


def test_the_list_is_cached_until_a_pk_changes_and_per_user(department, other_department, make_user):
    from rest_framework.test import APIClient

    from apps.agreements.models import AgreementObjective

    make_signed_agreement(other_department, year=2026)
    mine = make_signed_agreement(department, year=2026, signed=False)
    bappeda, head = APIClient(), APIClient()
    bappeda.force_authenticate(make_user(Role.BAPPEDA))
    head.force_authenticate(make_user(Role.DEPARTMENT_HEAD))
    url = "/api/v1/agreements/"

    def names(client):
        body = client.get(url).json()
        return {o["name"] for a in body["results"] for o in a["objectives"]}, body["count"]

    first = names(bappeda)
    assert first[1] == 2 and names(bappeda) == first  # the second from the cache
    assert names(head)[1] == 1  # the head's own scope, not Bappeda's cached answer
    AgreementObjective.objects.filter(agreement=mine).update(name="Sasaran yang diubah")
    assert "Sasaran yang diubah" in names(bappeda)[0]
    assert "Sasaran yang diubah" in names(head)[0]
    assert bappeda.get(url, {"department": other_department.pk}).json()["count"] == 1  # the query is in the key
