from django.urls import path

from partnerhub.evaluations.api.drafts import (
    DraftDetailView,
    DraftListView,
    DraftPreviewView,
    DraftPublishView,
    PolicyDiffView,
)
from partnerhub.evaluations.api.notices import NoticeDetailView, NoticeListView, NoticePdfView
from partnerhub.evaluations.api.preview_jobs import DraftPreviewJobView
from partnerhub.evaluations.api.runs import RunDetailView, RunListView
from partnerhub.evaluations.api.scorecards import AcceptView, DecisionView, ScorecardDetailView, ScorecardListView

urlpatterns = [
    path("evaluations/", RunListView.as_view(), name="evaluation-runs"),
    path("evaluations/<int:pk>/", RunDetailView.as_view(), name="evaluation-run"),
    path("evaluations/<int:pk>/scorecards/", ScorecardListView.as_view(), name="evaluation-scorecards"),
    path(
        "evaluations/<int:pk>/scorecards/<int:card_pk>/",
        ScorecardDetailView.as_view(),
        name="evaluation-scorecard",
    ),
    path(
        "evaluations/<int:pk>/scorecards/<int:card_pk>/decision/",
        DecisionView.as_view(),
        name="evaluation-decision",
    ),
    path("evaluations/<int:pk>/accept/", AcceptView.as_view(), name="evaluation-accept"),
    path("evaluations/notices/", NoticeListView.as_view(), name="evaluation-notices"),
    path("evaluations/notices/<int:pk>/", NoticeDetailView.as_view(), name="evaluation-notice"),
    path("evaluations/notices/<int:pk>/pdf/", NoticePdfView.as_view(), name="evaluation-notice-pdf"),
    path("policy/diff/", PolicyDiffView.as_view(), name="policy-diff"),
    path("policy/drafts/", DraftListView.as_view(), name="policy-drafts"),
    path("policy/drafts/<int:pk>/", DraftDetailView.as_view(), name="policy-draft"),
    path("policy/drafts/<int:pk>/preview/", DraftPreviewView.as_view(), name="policy-draft-preview"),
    path("policy/drafts/<int:pk>/preview/jobs/", DraftPreviewJobView.as_view(), name="policy-draft-preview-jobs"),
    path("policy/drafts/<int:pk>/publish/", DraftPublishView.as_view(), name="policy-draft-publish"),
]
