"""Objects the innovation tests need: a complete innovation profile (made with the ORM or through the services)."""

import datetime

from apps.innovations import services
from apps.innovations.models import Innovation

DESIGN = "<p>" + " ".join(f"<b>kata{n}</b>" if n % 7 == 0 else f"kata{n}" for n in range(320)) + "</p>"


def profile(**overrides) -> dict:
    """The fields of a complete profile, ready to submit."""
    fields = {
        "name": "Sistem Antrean Daring Puskesmas",
        "stage": "penerapan",
        "initiator": "perangkat_daerah",
        "initiator_name": "Dinas Kesehatan",
        "kind": "digital",
        "form": "pelayanan_publik",
        "theme": "Pelayanan kesehatan",
        "main_affair": "health",
        "affairs": ["communication"],
        "trial_date": datetime.date(2025, 3, 1),
        "implementation_date": datetime.date(2025, 9, 1),
        "design": DESIGN,
        "goals": "Memangkas antrean",
        "benefits": "Waktu tunggu turun",
        "results": "Waktu tunggu rata-rata 20 menit",
        "video_url": "https://www.youtube.com/watch?v=abc123",
    }
    fields.update(overrides)
    return fields


def make_innovation(department, *, by, year=2026, status="draft", **overrides) -> Innovation:
    """A complete innovation created through the service, then put in `status` with the ORM."""
    innovation = services.innovation_create(department=department, year=year, by=by, **profile(**overrides))
    if status != "draft":
        extra = {}
        if status == "verified":
            extra = {"verified_at": datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC), "verified_by": by}
        Innovation.objects.filter(pk=innovation.pk).update(status=status, **extra)
        innovation.refresh_from_db()
    return innovation
