"""The navbar marks the section the page belongs to, once."""

import pytest
from django.test import RequestFactory

from apps.accounts.models import Role
from apps.core.context_processors import navigation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "active"),
    [
        ("/", "/"),
        ("/plans/rpjmd/", "/plans/rpjmd/"),
        ("/plans/renstra/7/", "/plans/rpjmd/"),  # a Renstra page belongs to Plans
        ("/agreements/12/edit/", "/agreements/"),
        ("/agreements/deadlines/", "/agreements/deadlines/"),  # the longer match wins over Agreements
        ("/health/", None),
    ],
)
def test_the_navbar_marks_the_section_of_the_page(users, path, active):
    request = RequestFactory().get(path)
    request.user = users[Role.MAYOR_OFFICE]
    marked = [item["url"] for item in navigation(request)["navigation"] if item["active"]]
    assert marked == ([active] if active else [])
