from django.urls import path

from partnerhub.evaluations.api.notices import NoticeViewSet
from partnerhub.evaluations.api.preview import DraftPreviewViewSet
from partnerhub.evaluations.api.preview_jobs import DraftPreviewJobViewSet
from partnerhub.evaluations.api.runs import RunViewSet
from partnerhub.evaluations.api.scorecards import ScorecardViewSet

urlpatterns = [
    path("evaluations/", RunViewSet.as_view({"get": "list", "post": "create"}), name="evaluation-runs"),
    path("evaluations/<int:pk>/", RunViewSet.as_view({"get": "retrieve"}), name="evaluation-run"),
    path("evaluations/<int:pk>/scorecards/", ScorecardViewSet.as_view({"get": "list"}), name="evaluation-scorecards"),
    path(
        "evaluations/<int:pk>/scorecards/<int:card_pk>/",
        ScorecardViewSet.as_view({"get": "retrieve"}),
        name="evaluation-scorecard",
    ),
    path(
        "evaluations/<int:pk>/scorecards/<int:card_pk>/decision/",
        ScorecardViewSet.as_view({"post": "decision"}),
        name="evaluation-decision",
    ),
    path("evaluations/<int:pk>/accept/", RunViewSet.as_view({"post": "accept"}), name="evaluation-accept"),
    path("evaluations/notices/", NoticeViewSet.as_view({"get": "list"}), name="evaluation-notices"),
    path("evaluations/notices/<int:pk>/", NoticeViewSet.as_view({"get": "retrieve"}), name="evaluation-notice"),
    path("evaluations/notices/<int:pk>/pdf/", NoticeViewSet.as_view({"get": "pdf"}), name="evaluation-notice-pdf"),
    path(
        "policy/drafts/<int:pk>/preview/", DraftPreviewViewSet.as_view({"get": "preview"}), name="policy-draft-preview"
    ),
    path(
        "policy/drafts/<int:pk>/preview/jobs/",
        DraftPreviewJobViewSet.as_view({"post": "create"}),
        name="policy-draft-preview-jobs",
    ),
]
