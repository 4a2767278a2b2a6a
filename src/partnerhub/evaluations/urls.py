from django.urls import path

from partnerhub.evaluations import api, preview_api

urlpatterns = [
    path("evaluations/", api.RunListView.as_view(), name="evaluation-runs"),
    path("evaluations/<int:pk>/", api.RunDetailView.as_view(), name="evaluation-run"),
    path("evaluations/<int:pk>/scorecards/", api.ScorecardListView.as_view(), name="evaluation-scorecards"),
    path(
        "evaluations/<int:pk>/scorecards/<int:card_pk>/",
        api.ScorecardDetailView.as_view(),
        name="evaluation-scorecard",
    ),
    path(
        "evaluations/<int:pk>/scorecards/<int:card_pk>/decision/",
        api.DecisionView.as_view(),
        name="evaluation-decision",
    ),
    path("evaluations/<int:pk>/accept/", api.AcceptView.as_view(), name="evaluation-accept"),
    path("evaluations/notices/", api.NoticeListView.as_view(), name="evaluation-notices"),
    path("evaluations/notices/<int:pk>/", api.NoticeDetailView.as_view(), name="evaluation-notice"),
    path("evaluations/notices/<int:pk>/pdf/", api.NoticePdfView.as_view(), name="evaluation-notice-pdf"),
    path("policy/diff/", api.PolicyDiffView.as_view(), name="policy-diff"),
    path("policy/drafts/", api.DraftListView.as_view(), name="policy-drafts"),
    path("policy/drafts/<int:pk>/", api.DraftDetailView.as_view(), name="policy-draft"),
    path("policy/drafts/<int:pk>/preview/", api.DraftPreviewView.as_view(), name="policy-draft-preview"),
    path(
        "policy/drafts/<int:pk>/preview/jobs/",
        preview_api.DraftPreviewJobView.as_view(),
        name="policy-draft-preview-jobs",
    ),
    path("policy/drafts/<int:pk>/publish/", api.DraftPublishView.as_view(), name="policy-draft-publish"),
]
