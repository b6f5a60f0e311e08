"""Signing in through the admin's login page, as a person would."""


def log_in(page, username: str, then: str = "") -> None:
    """Sign ``username`` in (the factories' password); land on ``then`` if given, else on the front page."""
    page.goto(f"/admin/login/?next={then}" if then else "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "secret-password")
    page.click("input[type=submit]")
    if then:
        page.wait_for_url(f"**{then}")
    else:
        page.wait_for_selector("#tracker-dashboard")
