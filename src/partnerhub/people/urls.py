from django.urls import path

from partnerhub.people.api.bulk_import import PeopleImportView
from partnerhub.people.api.certifications import (
    CertificationDetailView,
    CertificationListView,
    CertificationRejectView,
    CertificationVerifyView,
    PersonCertificationsView,
    PersonTrainingsView,
)
from partnerhub.people.api.obligations import (
    ComplianceTimelineCompleteView,
    ComplianceTimelinesView,
    ComplianceVerificationsView,
    FinancialStandingView,
    GovernanceRecordsView,
    StandingExceptionsView,
)
from partnerhub.people.api.persons import PartnerPeopleView, PersonDetailView, PersonLeaveView, PersonListView
from partnerhub.people.api.standing import AllStandingView, DueDatesView, GapView, PartnerStandingView
from partnerhub.people.api.standing_jobs import StandingJobView

urlpatterns = [
    path("partners/<int:partner_id>/people/", PartnerPeopleView.as_view(), name="partner-people"),
    path("partners/<int:partner_id>/people/import/", PeopleImportView.as_view(), name="partner-people-import"),
    path(
        "partners/<int:partner_id>/compliance-verifications/",
        ComplianceVerificationsView.as_view(),
        name="partner-compliance-verifications",
    ),
    path(
        "partners/<int:partner_id>/compliance-timelines/",
        ComplianceTimelinesView.as_view(),
        name="partner-compliance-timelines",
    ),
    path(
        "compliance-timelines/<int:pk>/complete/",
        ComplianceTimelineCompleteView.as_view(),
        name="compliance-timeline-complete",
    ),
    path(
        "partners/<int:partner_id>/governance-records/",
        GovernanceRecordsView.as_view(),
        name="partner-governance-records",
    ),
    path(
        "partners/<int:partner_id>/financial-standing/",
        FinancialStandingView.as_view(),
        name="partner-financial-standing",
    ),
    path("partners/<int:partner_id>/exceptions/", StandingExceptionsView.as_view(), name="partner-exceptions"),
    path("partners/<int:partner_id>/standing/", PartnerStandingView.as_view(), name="partner-standing"),
    path("partners/<int:partner_id>/gap/", GapView.as_view(), name="partner-gap"),
    path("partners/<int:partner_id>/due-dates/", DueDatesView.as_view(), name="partner-due-dates"),
    path("standing/", AllStandingView.as_view(), name="standing"),
    path("standing/jobs/", StandingJobView.as_view(), name="standing-jobs"),
    path("people/", PersonListView.as_view(), name="people"),
    path("people/<int:pk>/", PersonDetailView.as_view(), name="person"),
    path("people/<int:pk>/leave/", PersonLeaveView.as_view(), name="person-leave"),
    path("people/<int:pk>/certifications/", PersonCertificationsView.as_view(), name="person-certifications"),
    path("people/<int:pk>/trainings/", PersonTrainingsView.as_view(), name="person-trainings"),
    path("certifications/", CertificationListView.as_view(), name="certifications"),
    path("certifications/<int:pk>/", CertificationDetailView.as_view(), name="certification"),
    path("certifications/<int:pk>/verify/", CertificationVerifyView.as_view(), name="certification-verify"),
    path("certifications/<int:pk>/reject/", CertificationRejectView.as_view(), name="certification-reject"),
]
