from django.core.management.base import BaseCommand

from lms.reports.demo import demo_results_seed


class Command(BaseCommand):
    help = "Demo only: two results programmes with targets and imported results."

    def handle(self, *args, **options):
        if demo_results_seed():
            self.stdout.write("Demo results programmes created: CRESCER and EmpleaT.")
        else:
            self.stdout.write("Demo results programmes already there.")
