"""Issue 8: the reports pages, their jobs and downloads, the public accountability page and the reports API.

The jobs belong to the own department's head (`own_user`): nobody else sees them (404). The direct download needs
its query (kind, year, department): without one it is 404; its scoping is tested in tests/test_reports_pages.py.
The public page is off by default (settings.PUBLIC_ACCOUNTABILITY_PAGE): 404 for everyone, signed in or not.
"""

from apps.reports.models import ReportJob, ReportKind

from . import ANON, BASE_ROLES, HEAD, Codes, everyone


def objects(shared):
    def job(department):
        return ReportJob.objects.create(
            kind=ReportKind.E81_XLSX, year=2026, department=department, requested_by=shared["own_user"]
        )

    shared["report_job"] = job(shared["own_department"])
    # A job the head asked for another department (e.g. before a move): no longer theirs, so 404.
    shared["other_report_job"] = job(shared["other_department"])


def _job(key):
    return lambda o: {"pk": o[key].pk}


def only_the_requester(anonymous=302):
    """200 for the head who asked for the job, 404 for every other role."""
    return Codes({ANON: anonymous, **dict.fromkeys(BASE_ROLES, 404), HEAD: 200})


EXPECTED = {
    "public_accountability": (None, everyone(404, anonymous=404)),  # off by default (PUBLIC_ACCOUNTABILITY_PAGE)
    "reports:home": (None, everyone(200)),
    "reports:direct": (None, everyone(404)),
    "reports:job": (_job("report_job"), only_the_requester()),
    "reports:job_status": (_job("report_job"), only_the_requester()),
    "reports:download": (_job("report_job"), everyone(404)),  # not built yet
    "reports:public": (None, everyone(404, anonymous=404)),
    "reports:public_agreement": (lambda o: {"pk": o["signed_agreement"].pk}, everyone(404, anonymous=404)),
    "api-report-list": (None, everyone(200, anonymous=401)),
    "api-report-detail": (_job("report_job"), only_the_requester(anonymous=401)),
    "api-report-download": (_job("report_job"), everyone(404, anonymous=401)),
}

OTHER_DEPARTMENT = {
    "reports:job": _job("other_report_job"),
    "reports:job_status": _job("other_report_job"),
    "reports:download": _job("other_report_job"),
    "api-report-detail": _job("other_report_job"),
}
