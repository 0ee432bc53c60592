from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from commitments.services import demo_users_ensure


class Command(BaseCommand):
    help = (
        "Creates the demo logins, one per role, and prints them: with DEBUG on, or with --demo on a machine "
        "that is a demonstration (make run passes it). Existing users are never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="this machine is a demonstration: create the demo logins although DEBUG is off",
        )

    def handle(self, *args, demo: bool = False, **options):
        if not (settings.DEBUG or demo):
            raise CommandError(
                "Refused: demo logins (a superuser with a published password) are for a demonstration only, "
                "and DEBUG is off. On a demonstration machine pass --demo; in production create real users "
                "with `manage.py createsuperuser`."
            )
        self.stdout.write(self.style.SUCCESS("Demo logins (for demonstration only):"))
        for login in demo_users_ensure():
            if login.password:
                self.stdout.write(f"  {login.username} / {login.password}  — {login.role}")
            else:
                self.stdout.write(f"  {login.username} (its password was changed: left as it is)  — {login.role}")
