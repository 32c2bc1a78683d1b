from django.core.management.base import BaseCommand

from lms.accounts.services import roles_setup


class Command(BaseCommand):
    help = "Create the role groups, their permissions and the curriculum review workflow."

    def handle(self, *args, **options):
        groups = roles_setup()
        self.stdout.write(f"Roles ready: {', '.join(group.name for group in groups.values())}.")
