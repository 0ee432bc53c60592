from django.core.management.base import BaseCommand

from commitments.services import demo_users_ensure


class Command(BaseCommand):
    help = "Creates the demo logins (for `make run` only) and prints them."

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS("Demo logins (for demonstration only):"))
        for login in demo_users_ensure():
            self.stdout.write(f"  {login.username} / {login.password}  — {login.role}")
