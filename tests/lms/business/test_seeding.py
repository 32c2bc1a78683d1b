from django.utils import timezone

from lms.accounts.models import ConsentRecord
from lms.business.models import Business, Entry
from lms.business.seeding import demo_books_create
from lms.business.selectors import book_month
from tests.factories import UserFactory


def test_demo_books_are_made_once_with_months_of_entries(db):
    UserFactory(username="learner", country="BR")
    UserFactory(username="aprendiz", country="CL")
    assert demo_books_create() == ["Doces da Ana", "Almacén Rosa"]
    count = Entry.objects.count()
    assert count > 150
    assert demo_books_create() == []
    assert Entry.objects.count() == count
    ana = Business.objects.get(name="Doces da Ana")
    assert ana.months.count() == 4  # three earlier months and this one
    month = book_month(business=ana, month=timezone.localdate())
    assert month.household_expenses > 0  # the demo shows a suggestion on My path
    # Without the demo group there is no facilitator to mentor Ana: no consent is invented.
    assert not ConsentRecord.objects.filter(kind=ConsentRecord.Kind.MENTORING).exists()
