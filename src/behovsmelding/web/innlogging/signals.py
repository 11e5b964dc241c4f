"""Every login records when it happened (``auth_time``); a provider's login overwrites it
with the provider's own ``auth_time``."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from .fersk import AUTH_TIME


@receiver(user_logged_in)
def _record_auth_time(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[AUTH_TIME] = int(time.time())
