"""`sme2go tokens create|list|revoke`: API tokens for scripts."""

from __future__ import annotations

from argparse import RawDescriptionHelpFormatter
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)

from sme2go.accounts.models import ApiToken
from sme2go.accounts.tokens import issue_token, revoke_token, tokens_of


class _HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    pass


class Command(BaseCommand):
    help = (
        "Create, list and revoke API tokens (sent as 'Authorization: Bearer <token>').\n\n"
        "Example: sme2go tokens create --user advisor-tehnopol --name 'nightly export'\n"
        "Example: sme2go tokens list --user advisor-tehnopol\n"
        "Example: sme2go tokens revoke 1"
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Keep the example's line breaks in --help.
        return super().create_parser(prog_name, subcommand, formatter_class=_HelpFormatter, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="{create,list,revoke}")
        create = verbs.add_parser(
            "create", help="issue a token for a user and print it once",
            description="Issue a token for a user and print it once (it is stored only as a hash).",
            epilog="Example: sme2go tokens create --user advisor-tehnopol --name 'nightly export'",
        )
        create.add_argument("--user", required=True, help="user name of the token's owner")
        create.add_argument("--name", required=True, help="what the token is for, e.g. 'nightly export'")
        listing = verbs.add_parser(
            "list", help="list tokens (id, user, name, created, last used)",
            description="List tokens: id, user, name, created, last used.",
            epilog="Example: sme2go tokens list --user advisor-tehnopol",
        )
        listing.add_argument("--user", help="only this user's tokens")
        revoke = verbs.add_parser(
            "revoke", help="revoke a token by its id (from 'tokens list')",
            description="Revoke a token by its id (from 'sme2go tokens list'); scripts using it get 401 from then on.",
            epilog="Example: sme2go tokens revoke 1",
        )
        revoke.add_argument("id", type=int, help="token id")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        if verb == "create":
            self.create_token(options["user"], options["name"])
        elif verb == "list":
            self.list_tokens(options.get("user"))
        else:
            self.revoke_token(options["id"])

    def find_user(self, username: str) -> Any:
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user named {username!r}") from None

    def create_token(self, username: str, name: str) -> None:
        user = self.find_user(username)
        try:
            api_token, token = issue_token(actor=None, user=user, name=name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        owner = user.get_username()
        self.stdout.write(f"Token {api_token.pk} '{api_token.name}' for {owner} (shown only now, keep it safe):")
        self.stdout.write(token)

    def list_tokens(self, username: str | None) -> None:
        user = self.find_user(username) if username else None
        tokens = list(tokens_of(user=user))
        if not tokens:
            self.stdout.write("No API tokens.")
            return
        self.stdout.write(f"{'id':>4}  {'user':<20} {'name':<30} {'created':<17} last used")
        for t in tokens:
            used = t.last_used_at.strftime("%Y-%m-%d %H:%M") if t.last_used_at else "never"
            self.stdout.write(
                f"{t.pk:>4}  {t.user.get_username():<20} {t.name[:30]:<30} {t.created_at:%Y-%m-%d %H:%M} {used}"
            )

    def revoke_token(self, token_id: int) -> None:
        try:
            api_token = revoke_token(actor=None, token_id=token_id)
        except ApiToken.DoesNotExist:
            raise CommandError(f"no API token with id {token_id} (see 'sme2go tokens list')") from None
        self.stdout.write(f"Revoked token {token_id} '{api_token.name}' of {api_token.user.get_username()}.")
