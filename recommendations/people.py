"""How a person is named on pages and in emails: one rule for the timeline, history, notices and greetings."""

from django.utils.translation import gettext


def person_name(user) -> str:
    """Full name, else user name; "system" when no one acted (an import, a loader)."""
    if user is None:
        return gettext("system")
    return user.get_full_name() or user.get_username()
