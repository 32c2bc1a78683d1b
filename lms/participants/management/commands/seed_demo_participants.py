from django.core.management.base import BaseCommand

from lms.participants.services_demo import demo_participants_seed


class Command(BaseCommand):
    help = "Demo only: profiles, consents and graduation standings for the demo group."

    def handle(self, *args, **options):
        count = demo_participants_seed()
        self.stdout.write(f"Participant standings refreshed: {count}.")
