"""Status and kind names follow the reader's language on the portal, while what the program stores (a timeline
entry, a job's file) stays in its own language, English, whoever's request wrote it (docs/languages.md)."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from partnerhub.core.languages import choose_language, program_text
from partnerhub.core.models import Job, JobStatus
from partnerhub.core.tasks import run_job
from partnerhub.deals.models import RegistrationStatus
from partnerhub.partners.models import PartnerStatus
from partnerhub.portal.exports import start_partner_export

pytestmark = pytest.mark.django_db


def test_a_status_reads_in_german_and_is_stored_in_english():
    with translation.override("de"):
        assert str(RegistrationStatus.APPROVED.label) == "Genehmigt"
        assert program_text(RegistrationStatus.APPROVED.label) == "Approved"
    assert str(RegistrationStatus.APPROVED.label) == "Approved"


def test_a_german_manager_sees_the_partners_status_in_german(client, manager_user, partner_in):
    contoso = partner_in("registered")
    choose_language(user=manager_user, language="de")
    client.force_login(manager_user)

    page = client.get(f"/partners/{contoso.pk}/").content.decode()

    assert str(PartnerStatus.REGISTERED.label) == "Registered"
    assert "Registriert" in page


def test_a_job_a_german_manager_started_writes_its_file_in_english(manager_user, partner_in):
    partner_in("registered")
    with translation.override("de"):
        job = start_partner_export(filters={}, as_of=dt.date(2019, 6, 3), user=manager_user)
        run_job(job.pk)

    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.DONE, job.error
    text = default_storage.open(job.result["file"]).read().decode()
    assert ",Registered," in text
    assert "Registriert" not in text
