from django.core.management.base import BaseCommand

from lms.surveys.demo import demo_surveys_create


class Command(BaseCommand):
    help = "Demo only: survey instruments, and rounds with answers for the demo groups."

    def handle(self, *args, **options):
        result = demo_surveys_create()
        if result is None:
            self.stdout.write("Survey instruments seeded; no demo group for rounds yet.")
        else:
            self.stdout.write(
                f"Survey rounds: {result.rounds} in the demo groups, "
                f"{result.answered} answered now."
            )
