import pytest

from lms.business.services import business_create
from tests.factories import UserFactory
from tests.lms.facilitation.conftest import (  # noqa: F401  (fixtures for the mentoring tests)
    curriculum,
    facilitator,
    group,
    other_facilitator,
    outlines,
    roles,
)


@pytest.fixture
def owner(db):
    return UserFactory(username="dona-rosa", country="BR", preferred_language="pt-br")


@pytest.fixture
def business(owner):
    return business_create(owner=owner, name="Mercadinho da Rosa", sector="shop", country="BR")


@pytest.fixture
def make_business(db):
    def make(country: str, sector: str = "shop"):
        person = UserFactory(country=country)
        return business_create(owner=person, name=f"Loja {country}", sector=sector, country=country)

    return make
