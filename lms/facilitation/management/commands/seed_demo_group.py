from django.core.management.base import BaseCommand

from lms.facilitation.services_demo import DEMO_GROUP_NAME, demo_group_create


class Command(BaseCommand):
    help = "Demo only: a facilitated group with a few weeks of attendance and quiz attempts."

    def handle(self, *args, **options):
        group = demo_group_create()
        if group is None:
            self.stdout.write("Demo group already there (or no demo curriculum yet).")
        else:
            self.stdout.write(f"Demo group created: {DEMO_GROUP_NAME} (code {group.join_code}).")
