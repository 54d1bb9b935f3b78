"""`api_token USERNAME [--rotate | --revoke]`: the API token of a user (a system that calls the API
acts as that user, with that user's role and scope). Prints the token; tokens can also be managed in
the admin (Auth Token)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from hrparks.audit.context import acting_as
from hrparks.audit.services import record_event


class Command(BaseCommand):
    help = "Issue (or rotate, or revoke) the REST API token of a user and print it."

    def add_arguments(self, parser):
        parser.add_argument("username")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--rotate", action="store_true", help="replace the token: the old one stops working")
        action.add_argument("--revoke", action="store_true", help="delete the token")

    def handle(self, *args, username, rotate, revoke, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if not user.is_active:
            raise CommandError(f"{username!r} is not active")
        with acting_as(None), transaction.atomic():
            if rotate or revoke:
                Token.objects.filter(user=user).delete()
            if revoke:
                record_event("api_token.revoked", user)
                self.stdout.write(f"token of {username} revoked")
                return
            token, created = Token.objects.get_or_create(user=user)
            if created:
                record_event("api_token.issued", user)
        self.stdout.write(token.key)
