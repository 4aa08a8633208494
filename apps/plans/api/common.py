"""What every writable level of the plan API shares: scoped reads, writes through the services, errors as 400s.

A level is a model under a parent (misi under a period, kegiatan under a program…). Its rows and the parents it
may be put under come from the user's scope (another department's row: 404; another department's parent: 400 on
that field). A write sets the fields on the row and hands it to the level's service, which checks who may
(403), whether the Renstra is locked, and every rule of the plan; its messages come back as 400s.
"""

from types import SimpleNamespace

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from apps.core.api import RulePermission

from .. import selectors, services


def error_detail(exc: DjangoValidationError) -> dict:
    """A service's error as DRF's 400 body: the field errors by field, the others under `non_field_errors`."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
        for field, messages in exc.message_dict.items()
    }


def raise_validation_error(exc: DjangoValidationError, *, under: str | None = None):
    """Raise a service's refusal as a 400; `under` puts all its messages under one field (a nested list)."""
    detail = {under: exc.messages} if under else error_detail(exc)
    raise ValidationError(detail) from exc


class PlanItemViewSet(viewsets.ModelViewSet):
    """One level of a plan. Subclasses name the `model`, its `parent_field`, the nested `children` list it writes
    (targets, budgets) if any, and how the level is scoped (`items`), saved and deleted (the services)."""

    permission_classes = [RulePermission]
    read_permission = "plans.view"
    write_permission = ""
    model = None
    parent_field: str | None = None
    scoped_links: tuple[str, ...] = ()  # links besides the parent whose choices are the user's scope too
    children = ""
    prefetch: tuple[str, ...] = ()

    # --- what a subclass tells ---------------------------------------------------------------------------------
    def items(self, model) -> QuerySet:
        raise NotImplementedError

    def save_item(self, item):
        raise NotImplementedError

    def delete_item(self, item) -> None:
        raise NotImplementedError

    def replace_children(self, item, rows) -> None:
        raise NotImplementedError

    def check_children(self, item, rows) -> None:
        """Refuse bad nested rows before they are written (a 400 naming the row); the services check again."""

    # --- shared ------------------------------------------------------------------------------------------------
    def get_queryset(self):
        return self.items(self.model).prefetch_related(*self.prefetch).order_by("pk")

    def get_serializer(self, *args, **kwargs):
        """The parent (and other scoped links) may only be chosen among the rows the user sees."""
        serializer = super().get_serializer(*args, **kwargs)
        if kwargs.get("many"):
            return serializer
        for name in (self.parent_field, *self.scoped_links):
            field = serializer.fields.get(name) if name else None
            if field is not None and not field.read_only:
                field.queryset = self.items(self.model._meta.get_field(name).related_model)
        return serializer

    def _write(self, serializer, item):
        data = dict(serializer.validated_data)
        rows = data.pop(self.children, None) if self.children else None
        for name, value in data.items():
            setattr(item, name, value)
        try:
            with transaction.atomic():
                item = self.save_item(item)
                if rows is not None:
                    self.check_children(item, rows)
                    try:
                        self.replace_children(item, rows)
                    except DjangoValidationError as exc:
                        raise_validation_error(exc, under=self.children)
        except DjangoValidationError as exc:
            raise_validation_error(exc)
        getattr(item, "_prefetched_objects_cache", {}).clear()  # show the children just written
        serializer.instance = item

    def perform_create(self, serializer):
        self._write(serializer, self.model())

    def perform_update(self, serializer):
        item = serializer.instance
        parent = serializer.validated_data.get(self.parent_field) if self.parent_field else None
        if parent is not None and getattr(item, f"{self.parent_field}_id") != parent.pk:
            raise ValidationError({self.parent_field: [_("Cannot be moved: delete it and add it again.")]})
        self._write(serializer, item)

    def perform_destroy(self, instance):
        try:
            self.delete_item(instance)
        except DjangoValidationError as exc:
            raise_validation_error(exc)


class TargetsMixin:
    """A level whose nested `targets` (one per year: a value, or a band low–high) are checked row by row with the
    rules of the services before they are written, so a 400 says which row is wrong."""

    children = "targets"

    def check_children(self, item, rows) -> None:
        period = selectors.period_of(item)
        errors = []
        for row in rows:
            target = SimpleNamespace(year=row["year"], value=row.get("value"), low=row.get("low"), high=row.get("high"))
            found = services.target_errors(target=target, polarity=item.polarity, period=period)
            errors.append(error_detail(DjangoValidationError(found)) if found else {})
        if any(errors):
            raise ValidationError({self.children: errors})
