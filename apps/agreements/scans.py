"""The scan of the signed paper: the one thing that may still be attached to a signed (frozen) PK.

Checked by content (a PDF starts with `%PDF-`, whatever its name says) and size (settings.UPLOAD_MAX_MB); stored
under MEDIA_ROOT (never served directly) with its SHA-256.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Agreement, AgreementStatus
from .permissions import may_review

PDF_MAGIC = b"%PDF-"


def scan_errors(upload) -> list[str]:
    limit = settings.UPLOAD_MAX_MB
    if upload.size > limit * 1024 * 1024:
        return [_("The file is larger than %(limit)s MB.") % {"limit": limit}]
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head.lstrip().startswith(PDF_MAGIC):
        return [_("This file is not a PDF. Upload the scan of the signed PK as a PDF file.")]
    return []


def agreement_scan_attach(*, agreement: Agreement, by, upload) -> Agreement:
    """Store the scan of the signed PK (replacing an earlier one) with its SHA-256."""
    if not may_review(by, agreement):  # the mayor's office for a head's PK, the superior for the cascade
        raise PermissionDenied
    if agreement.status != AgreementStatus.SIGNED:
        raise ValidationError(_("Only the scan of a signed PK can be attached."))
    errors = scan_errors(upload)
    if errors:
        raise ValidationError({"file": errors})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    field = Agreement._meta.get_field("signed_scan")
    name = field.generate_filename(
        agreement, f"pk-{agreement.year}-{agreement.department.code}-v{agreement.version}.pdf"
    )
    with transaction.atomic():
        stored = default_storage.save(name, upload)
        # Only the scan columns: the database triggers refuse any other change to a signed PK.
        Agreement.all_levels.filter(pk=agreement.pk, status=AgreementStatus.SIGNED).update(
            signed_scan=stored, signed_scan_sha256=digest.hexdigest(), updated_at=timezone.now()
        )
    agreement.refresh_from_db()
    return agreement
