"""The brakes on both logins (the admin's form, the API's HTTP Basic): a rate per address, and axes' lock-out.

The rate counts every attempt from an address, whatever the username, so trying many usernames
is slow; axes locks one username at one address after too many failures (settings: AXES_*).
"""

from __future__ import annotations

import functools
import math

from axes.helpers import get_cool_off
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


def client_address(request) -> str | None:
    """The address both brakes count: DRF's reading, so one setting (TRUSTED_PROXY_COUNT) governs both."""
    return BaseThrottle().get_ident(request)


class LoginRateThrottle(SimpleRateThrottle):
    """Login attempts per client address, right or wrong: the "login" rate.

    A counter per time window, raised in one atomic step (INCR in Redis): DRF's own throttles read
    their history and write it back, so attempts sent in parallel all read the same history and a
    burst gets through. A fixed window may let twice the rate through across its edge; a lock-out
    still stops any one username after AXES_FAILURE_LIMIT.
    """

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": f"{client_address(request)}_{self.window_start}"}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.now = self.timer()
        self.window_start = int(self.now // self.duration * self.duration)
        key = self.get_cache_key(request, view)
        # Twice the window: the key must not expire between add() and incr().
        self.cache.add(key, 0, timeout=2 * self.duration)
        try:
            count = self.cache.incr(key)
        except ValueError:  # evicted all the same
            count = 1
            self.cache.set(key, count, timeout=2 * self.duration)
        return count <= self.num_requests

    def wait(self):
        return max(1, self.window_start + self.duration - self.now)


def cool_off_seconds() -> int:
    """How long a lock-out lasts from now: each refused attempt starts it again (settings: AXES_RESET_COOL_OFF_…)."""
    return int(get_cool_off().total_seconds())


def lockout_message() -> str:
    minutes = math.ceil(cool_off_seconds() / 60)
    return ngettext(
        "Too many failed logins for this username from this address: try again in %(minutes)d minute.",
        "Too many failed logins for this username from this address: try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def rate_message(wait: float) -> str:
    seconds = math.ceil(wait)
    return ngettext(
        "Too many login attempts from this address: try again in %(seconds)d second.",
        "Too many login attempts from this address: try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def _refusal_page(request, message: str, retry_after: int):
    context = {**admin.site.each_context(request), "title": _("Login refused"), "message": message}
    response = render(request, "admin/login_refused.html", context, status=429)
    response["Retry-After"] = str(math.ceil(retry_after))
    return response


def locked_out_page(request, original_response=None, credentials=None):
    """axes' answer to a locked-out admin login (AXES_LOCKOUT_CALLABLE), in place of the login form."""
    return _refusal_page(request, lockout_message(), cool_off_seconds())


def throttled(login_view):
    """The admin's login view behind the per-address login rate; only a POST is an attempt."""

    @functools.wraps(login_view)
    def view(request, *args, **kwargs):
        if request.method == "POST":
            throttle = LoginRateThrottle()
            if not throttle.allow_request(request, None):
                return _refusal_page(request, rate_message(throttle.wait()), throttle.wait())
        return login_view(request, *args, **kwargs)

    return view
