"""Options shared by the commands that talk to a remote SPARQL server (push, --endpoint)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from nanokg.remote import Credentials

__all__ = ["auth_options", "credentials"]

PASSWORD_ENV = "NANOKG_ENDPOINT_PASSWORD"


def auth_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --user, --password and --auth to a command."""
    for option in reversed([
        click.option("--user", default=None, help="User name, for servers that require authentication."),
        click.option("--password", default=None, envvar=PASSWORD_ENV, show_envvar=True,
                     help="Password for --user (prefer the environment variable: a command line is visible to others)."),
        click.option("--auth", "auth_scheme", type=click.Choice(["basic", "digest"]), default="basic",
                     show_default=True, help="HTTP authentication scheme (Virtuoso's *-auth endpoints: digest)."),
    ]):
        command = option(command)
    return command


def credentials(user: str | None, password: str | None, scheme: str) -> Credentials | None:
    """The credentials the options describe, or None when no --user is given."""
    from nanokg.remote import Credentials

    if user is None:
        if password is not None:
            raise click.UsageError("--password needs --user")
        return None
    if password is None:
        password = click.prompt(f"password for {user}", hide_input=True, err=True)
    return Credentials(user, password, "digest" if scheme == "digest" else "basic")
