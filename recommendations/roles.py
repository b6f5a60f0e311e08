"""The three role groups and the Django model permissions each carries into the admin.

Model permissions only open the admin's pages; what a user may do to which item is
decided by ``permissions``.
"""

from django.contrib.auth.models import Group, Permission

from .permissions import COORDINATORS, FOCAL_POINTS, VIEWERS

_VIEW = ["view_document", "view_section", "view_paragraph", "view_body", "view_item", "view_event", "view_itemowner"]
GROUP_PERMISSIONS = {
    COORDINATORS: None,  # every permission of the app
    FOCAL_POINTS: [*_VIEW, "change_item"],
    VIEWERS: _VIEW,
}


def ensure_role_groups() -> None:
    """Create the role groups with their permissions; running it again changes nothing."""
    app_permissions = Permission.objects.filter(content_type__app_label="recommendations")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = set(app_permissions if codenames is None else app_permissions.filter(codename__in=codenames))
        if set(group.permissions.all()) != wanted:
            group.permissions.set(wanted)
