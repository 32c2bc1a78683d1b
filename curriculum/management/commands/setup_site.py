from django.core.management.base import BaseCommand

from curriculum.seeding import site_setup


class Command(BaseCommand):
    help = "Create the content locales (pt-BR, es) and the home page of each (idempotent)."

    def handle(self, *args, **options):
        catalogue = site_setup(self.stdout.write)
        self.stdout.write(f"Site root: {catalogue.title} (pt-BR and es).")
