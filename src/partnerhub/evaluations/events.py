"""The kinds of timeline event the evaluations app records (`partnerhub.partners.history.record_event`)."""

from __future__ import annotations

from partnerhub.partners.history import EventKind


class EvaluationsEventKind(EventKind):
    EVALUATION_DECIDED = "evaluation_decided"
    EVALUATION_NOTICE_SENT = "evaluation_notice_sent"
    EVALUATION_NOTICE_LAPSED = "evaluation_notice_lapsed"
