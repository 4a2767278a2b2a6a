from django.contrib.auth.views import LogoutView
from django.urls import path

from partnerhub.portal.views import (
    account,
    apply,
    benefits,
    certifications,
    console,
    deals,
    evaluations,
    home,
    jobs,
    manage,
    obligations,
    partner,
    people,
    programme,
    requests,
    scorecards,
    users,
    webhooks,
)

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/login/", account.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("accounts/invitation/<str:token>/", account.accept_invitation, name="invitation"),
    path("apply/", apply.apply, name="apply"),
    # A partner's pages: its own users reach them, managers reach every partner's; anyone else gets 404.
    path("partners/<int:pk>/", partner.dashboard, name="partner"),
    path("partners/<int:pk>/deals/", deals.partner_deals, name="partner-deals"),
    path("partners/<int:pk>/deals/new/", deals.register, name="partner-deal-new"),
    path("partners/<int:pk>/people/", people.people, name="partner-people"),
    path("partners/<int:pk>/people/new/", people.person_new, name="partner-person-new"),
    path("partners/<int:pk>/invoices/", partner.invoices, name="partner-invoices"),
    path("partners/<int:pk>/statements/", partner.statements, name="partner-statements"),
    path("partners/<int:pk>/benefits/", benefits.benefits, name="partner-benefits"),
    path(
        "partners/<int:pk>/benefits/<slug:benefit>/request/",
        benefits.request_benefit,
        name="partner-benefit-request",
    ),
    path("partners/<int:pk>/trademarks/new/", benefits.request_trademark, name="partner-trademark-new"),
    path("partners/<int:pk>/notices/", partner.notices, name="partner-notices"),
    path("partners/<int:pk>/scorecards/", scorecards.scorecards, name="partner-scorecards"),
    path("partners/<int:pk>/evaluation/", scorecards.evaluation, name="partner-evaluation"),
    path("partners/<int:pk>/history/", partner.timeline, name="partner-timeline"),
    path("partners/<int:pk>/invitations/", account.invite, name="partner-invite"),
    # A manager's actions on one partner: another partner's is 404 like any page of it, a partner user's own 403.
    path("partners/<int:pk>/manage/", manage.manage, name="partner-manage"),
    path("partners/<int:pk>/manage/users/", users.users, name="partner-users"),
    path(
        "partners/<int:pk>/manage/users/<int:member_id>/representative/",
        users.representative,
        name="partner-user-representative",
    ),
    path(
        "partners/<int:pk>/manage/users/<int:member_id>/deactivate/", users.deactivate, name="partner-user-deactivate"
    ),
    path("partners/<int:pk>/manage/obligations/", obligations.obligations, name="partner-obligations"),
    path(
        "partners/<int:pk>/manage/obligations/timelines/<int:timeline_id>/complete/",
        obligations.complete_timeline,
        name="partner-timeline-complete",
    ),
    path("partners/<int:pk>/manage/obligations/<slug:kind>/", obligations.record, name="partner-obligation-record"),
    path("partners/<int:pk>/manage/<slug:action>/", manage.act, name="partner-manage-action"),
    # Objects of a partner, found through their app's tenancy-scoped selector (another partner's: 404).
    path("deals/<int:deal_id>/", deals.deal, name="deal"),
    path("people/<int:person_id>/", people.person, name="person"),
    path("invoices/<int:invoice_id>/", partner.invoice_detail, name="invoice"),
    path("invoices/<int:invoice_id>/pdf/", partner.invoice_pdf, name="invoice-pdf"),
    path("notices/<int:notice_id>/", partner.notice, name="notice"),
    path("scorecards/<int:card_id>/", scorecards.scorecard, name="scorecard"),
    path("notices/<int:notice_id>/pdf/", partner.notice_pdf, name="notice-pdf"),
    # The managers' console.
    path("console/", console.queues_page, name="console"),
    path("console/partners/", console.partners, name="console-partners"),
    path("console/applications/", console.applications, name="console-applications"),
    path("console/deals/", deals.queue, name="console-deals"),
    path("console/evaluations/", evaluations.runs, name="console-evaluations"),
    path("console/evaluations/<int:pk>/", evaluations.run, name="console-evaluation"),
    path("console/evaluations/<int:pk>/scorecards/<int:card_pk>/", evaluations.scorecard, name="console-scorecard"),
    path("console/jobs/<int:pk>/", jobs.job, name="console-job"),
    path("console/webhooks/", webhooks.endpoints, name="console-webhooks"),
    path("console/webhooks/deliveries/<int:pk>/replay/", webhooks.replay, name="console-webhook-replay"),
    path("console/requests/", requests.queue, name="console-requests"),
    path("console/requests/benefits/<int:pk>/<str:action>/", requests.answer_benefit, name="console-benefit-answer"),
    path(
        "console/requests/trademarks/<int:pk>/<str:action>/", requests.answer_trademark, name="console-trademark-answer"
    ),
    path("console/certifications/", certifications.queue, name="console-certifications"),
    path(
        "console/certifications/<int:pk>/<str:action>/",
        certifications.answer,
        name="console-certification-answer",
    ),
    path("console/reports/", console.reports_page, name="console-reports"),
    path("console/leads/", programme.leads_page, name="console-leads"),
    path("console/leads/<int:pk>/", programme.lead, name="console-lead"),
    path("console/marketplace/", programme.marketplace_page, name="console-marketplace"),
    path("console/marketplace/<int:pk>/", programme.listing, name="console-listing"),
    path("console/marketplace/<int:pk>/<slug:action>/", programme.listing, name="console-listing-action"),
    path("console/applications/<int:pk>/", console.application, name="console-application"),
    path("console/work/", console.work_items, name="console-work"),
    path("console/work/<int:pk>/", console.work_item_resolve, name="console-work-item"),
    path("console/invoices/", console.invoices, name="console-invoices"),
    path("console/deadlines/", console.deadlines, name="console-deadlines"),
    path("console/security/", account.security_log, name="console-security"),
]
