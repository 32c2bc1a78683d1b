from django.core.management.base import BaseCommand

from lms.business.seeding import demo_books_create, demo_rules_create


class Command(BaseCommand):
    help = "Seed the demo's business books and lesson suggestion rules (idempotent)."

    def handle(self, *args, **options):
        rules = demo_rules_create()
        books = demo_books_create()
        self.stdout.write(
            f"Business books: {', '.join(books) if books else 'already there'}; "
            f"suggestion rules added: {rules}."
        )
