"""Password login by role (``settings.PASSWORD_LOGIN_ROLES``) and for break-glass accounts."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from .. import access
from ..access import AnyUser, Decision
from ..models import Virksomhet
from ..throttle import ThrottledAuthenticationForm
from . import services

NOT_FOR_ROLE = (
    "Innlogging med passord er slått av for din rolle. Eiere og UH logger inn med ID-porten; "
    "Statsforvalterens ansatte med «Logg inn (Statsforvalteren)»."
)


def roles() -> set[str]:
    return set(getattr(settings, "PASSWORD_LOGIN_ROLES", ()))


def allowed(user: AnyUser) -> Decision:
    """Whether ``user`` may log in with a password: a break-glass account always; otherwise
    when its role is in ``PASSWORD_LOGIN_ROLES`` (a user without a role when any role is)."""
    if not isinstance(user, User):
        return False, NOT_FOR_ROLE
    if services.is_break_glass(user):
        return True, ""
    rolle = access.rolle_for(user)
    if (rolle is None and roles()) or (rolle is not None and str(rolle) in roles()):
        return True, ""
    return False, NOT_FOR_ROLE


def allowed_for_invitation(v: Virksomhet) -> bool:
    """Whether a new member of ``v`` may choose a password (else only ID-porten)."""
    return ("eier" if v.er_eier else "uh") in roles()


def only_break_glass() -> bool:
    return not roles()


class PassordInnloggingForm(ThrottledAuthenticationForm):
    """The throttled login form, refusing roles whose password login is off."""

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        ok, reason = allowed(user)
        if not ok:
            raise ValidationError(reason, code="passord_av")
