from django.core.management import call_command
from django.core.management.base import BaseCommand

from lms.accounts.services import DEMO_PASSWORD, demo_accounts_create


class Command(BaseCommand):
    help = (
        "Demo only: the two demo curricula, the roles, one demo account per role and a "
        "facilitated demo group."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-video", action="store_true", help="Skip the sample video clips.")
        parser.add_argument(
            "--limit", type=int, default=None, help="At most N sessions per curriculum."
        )

    def handle(self, *args, no_video: bool, limit: int | None, **options):
        call_command(
            "seed_curricula", no_video=no_video, limit=limit,
            verbosity=options["verbosity"], stdout=self.stdout,
        )  # fmt: skip
        created = demo_accounts_create()
        if created:
            self.stdout.write(
                f"Demo accounts created: {', '.join(created)} (password: {DEMO_PASSWORD})."
            )
        else:
            self.stdout.write("Demo accounts already there.")
        # By name: the group lives in a layer above accounts.
        call_command("seed_demo_group", stdout=self.stdout)
        call_command("seed_demo_participants", stdout=self.stdout)
        call_command("seed_demo_results", stdout=self.stdout)  # gives the demo group a programme
        call_command("seed_demo_surveys", stdout=self.stdout)
        call_command("seed_demo_book", stdout=self.stdout)
