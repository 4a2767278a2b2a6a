from django.urls import path

from partnerhub.people import api, standing_api

urlpatterns = [
    path("partners/<int:partner_id>/people/", api.PartnerPeopleView.as_view(), name="partner-people"),
    path("partners/<int:partner_id>/people/import/", api.PeopleImportView.as_view(), name="partner-people-import"),
    path(
        "partners/<int:partner_id>/compliance-verifications/",
        api.ComplianceVerificationsView.as_view(),
        name="partner-compliance-verifications",
    ),
    path(
        "partners/<int:partner_id>/compliance-timelines/",
        api.ComplianceTimelinesView.as_view(),
        name="partner-compliance-timelines",
    ),
    path(
        "compliance-timelines/<int:pk>/complete/",
        api.ComplianceTimelineCompleteView.as_view(),
        name="compliance-timeline-complete",
    ),
    path(
        "partners/<int:partner_id>/governance-records/",
        api.GovernanceRecordsView.as_view(),
        name="partner-governance-records",
    ),
    path(
        "partners/<int:partner_id>/financial-standing/",
        api.FinancialStandingView.as_view(),
        name="partner-financial-standing",
    ),
    path("partners/<int:partner_id>/exceptions/", api.StandingExceptionsView.as_view(), name="partner-exceptions"),
    path("partners/<int:partner_id>/standing/", api.PartnerStandingView.as_view(), name="partner-standing"),
    path("partners/<int:partner_id>/gap/", api.GapView.as_view(), name="partner-gap"),
    path("partners/<int:partner_id>/due-dates/", api.DueDatesView.as_view(), name="partner-due-dates"),
    path("standing/", api.AllStandingView.as_view(), name="standing"),
    path("standing/jobs/", standing_api.StandingJobView.as_view(), name="standing-jobs"),
    path("people/", api.PersonListView.as_view(), name="people"),
    path("people/<int:pk>/", api.PersonDetailView.as_view(), name="person"),
    path("people/<int:pk>/leave/", api.PersonLeaveView.as_view(), name="person-leave"),
    path("people/<int:pk>/certifications/", api.PersonCertificationsView.as_view(), name="person-certifications"),
    path("people/<int:pk>/trainings/", api.PersonTrainingsView.as_view(), name="person-trainings"),
    path("certifications/", api.CertificationListView.as_view(), name="certifications"),
    path("certifications/<int:pk>/", api.CertificationDetailView.as_view(), name="certification"),
    path("certifications/<int:pk>/verify/", api.CertificationVerifyView.as_view(), name="certification-verify"),
    path("certifications/<int:pk>/reject/", api.CertificationRejectView.as_view(), name="certification-reject"),
]
