"""Supporting documents are recognised by their content (§10.2 records), not by their name alone."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.benefits.uploads import CSV, JPEG, PDF, PNG, sniff_upload, upload_problems


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("a.pdf", b"%PDF-1.7\n...", PDF),
        ("a.png", b"\x89PNG\r\n\x1a\n....", PNG),
        ("a.jpg", b"\xff\xd8\xff\xe0JFIF", JPEG),
        ("a.jpeg", b"\xff\xd8\xff\xdb....", JPEG),
        ("a.csv", b"month;amount\nJuly;1250,00\n", CSV),
        ("a.CSV", b'\xef\xbb\xbfname,amount\n"Smith, J",10\n', CSV),
    ],
)
def test_accepted_documents(name, content, content_type):
    upload = SimpleUploadedFile(name, content)
    assert sniff_upload(upload) == content_type
    assert upload_problems(upload) == []


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("a.pdf", b"<html><script>alert(1)</script>", "not a PDF"),  # uneven rows and not a signature
        ("a.exe", b"MZ\x90\x00\x03", "not a PDF"),
        ("a.csv", b"%PDF-1.4\n", "name ends in '.csv'"),
        ("invoice", b"%PDF-1.4\n", "name ends in nothing"),
        ("a.csv", b"a,b\n1,2,3\n", "not a PDF"),
        ("a.csv", "caf\xe9".encode("latin-1"), "not a PDF"),
        ("a.csv", b"   \n", "not a PDF"),
    ],
)
def test_refused_documents(name, content, problem):
    [message] = upload_problems(SimpleUploadedFile(name, content))
    assert problem in message


def test_the_size_limit(settings):
    settings.MAX_UPLOAD_BYTES = 10
    [message] = upload_problems(SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 10))
    assert "15 bytes; the limit is 10 bytes" in message
