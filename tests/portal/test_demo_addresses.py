from django.core.validators import validate_email

from partnerhub.portal.demo.builder import _slug


def test_a_demo_address_made_from_an_accented_name_is_a_valid_email_address():
    address = f"{_slug('Chloé Martin')}@{_slug('Northwind Consulting')}.example"

    validate_email(address)
    assert address == "chloe-martin@northwind-consulting.example"
