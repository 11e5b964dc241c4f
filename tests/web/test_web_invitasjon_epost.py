"""An invitation's address is the address the account is made with: the same Unicode folding
as Django's user names (NFKC), so that an address such as "ſara@…" (a long s, which e-mail
validation lets through as a letter) cannot make an account whose user name is another
person's address ("sara@…") while its e-mail is not, ready to take the real person's later
invitation and ID-porten link (account pre-hijacking)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from medlemskap_factories import token_in_mail
from web_factories import caseworker, region

from behovsmelding.web import medlemskap
from behovsmelding.web.models import Virksomhet, Virksomhetstype

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Virksomhet:
    return Virksomhet.objects.create(
        navn="Fjellvik kommune", type=Virksomhetstype.KOMMUNE, region=region("Nordland")
    )


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("\u017fara@fjellvik.no", "sara@fjellvik.no"),  # ſ, long s
        ("\u212aari@fjellvik.no", "kari@fjellvik.no"),  # K, Kelvin sign
        ("  Kari@Fjellvik.NO ", "kari@fjellvik.no"),
    ],
)
def test_the_invitation_goes_to_the_folded_address_and_the_account_is_that_address(
    org: Virksomhet, settings: object, typed: str, address: str
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    sb = caseworker(region("Nordland"), username="sb")
    inv = medlemskap.invite(org, typed, by=sb)
    assert inv.epost == address
    assert mail.outbox[-1].to == [address]
    user = medlemskap.accept_as_new_user(token_in_mail(address), "et-langt-passord-123")
    assert (user.username, user.email) == (address, address)


def test_a_long_s_address_does_not_take_the_real_persons_invitation(org: Virksomhet) -> None:
    sb = caseworker(region("Nordland"), username="sb")
    medlemskap.invite(org, "\u017fara@fjellvik.no", by=sb)
    medlemskap.accept_as_new_user(token_in_mail("sara@fjellvik.no"), "et-langt-passord-123")
    # the real Sara is invited later: she is the account above, made from her own e-mail
    assert User.objects.count() == 2  # sb and sara
    assert medlemskap.user_with_epost("sara@fjellvik.no") == User.objects.get(
        email="sara@fjellvik.no"
    )
