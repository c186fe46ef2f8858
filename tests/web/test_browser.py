"""The pages in a real browser: Debian's Chromium, headless, driven by Playwright, over real sockets.

The web app and both mocks are served on port 0; one browser serves the whole session. Each flow saves a
screenshot under ``artifacts/screenshots/`` (``SCIMULATOR_SCREENSHOTS`` overrides). Chromium that cannot launch
fails these tests: they never skip.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from harness.world import World, build_world
from idcore.testing import LiveServer
from tests.web.conftest import DELAY, Admin, web_app

pytestmark = [pytest.mark.live, pytest.mark.browser]

CHROMIUM = os.environ.get("SCIMULATOR_CHROMIUM", "/usr/bin/chromium")
#: Generous waits: the suite runs in parallel on a shared machine, and a wait only costs time when it fails.
WAIT_MS = 30_000
expect.set_options(timeout=WAIT_MS)
SHOTS = Path(
    os.environ.get(
        "SCIMULATOR_SCREENSHOTS", Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
    )
)


class Site:
    """The live world, the web app's URL and the admin who sets scenes."""

    def __init__(self, world: World, url: str) -> None:
        self.world, self.url, self.admin = world, url, Admin(world)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    world = build_world(seed=9, users=8, replication_delay=DELAY, live=True)
    workday = world.default_job(name="Workday to Contoso SCIM app", source={"type": "workday"}, scope="all")
    server = LiveServer(web_app(world, world.default_job(), workday)).start()
    yield Site(world, server.url)
    server.stop()
    world.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(WAIT_MS)
    opened = context.new_page()
    yield opened
    context.close()


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot of the flow."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def provision_user(page: Page, site: Site, upn: str) -> None:
    """Search with the typeahead, choose the user with the keyboard and press Provision."""
    page.goto(site.url + "/")
    search = page.get_by_role("combobox", name="Search")
    search.fill(upn.split("@")[0])
    options = page.get_by_role("listbox", name="Matching users").get_by_role("option")
    expect(options.first).to_be_visible()
    search.press("ArrowDown")
    search.press("Enter")
    expect(search).to_have_value(upn)
    page.get_by_role("button", name="Provision", exact=True).click()
    expect(page.locator(".result")).to_be_visible()


def result_badge(page: Page) -> Any:
    return page.locator("#result-h .badge")


def test_a_user_is_created(page, site):
    user = site.admin.assigned_user("browsercreate")
    provision_user(page, site, user["userPrincipalName"])
    expect(result_badge(page)).to_have_text("✓ Success")
    page.get_by_text("View details").last.click()
    expect(page.get_by_role("table", name="Modified attributes")).to_be_visible()
    shot(page, "01-create")


def test_the_same_user_again_is_skipped(page, site):
    user = site.admin.assigned_user("browseragain")
    provision_user(page, site, user["userPrincipalName"])
    provision_user(page, site, user["userPrincipalName"])
    expect(result_badge(page)).to_have_text("➜ Skipped")
    expect(page.get_by_text("already match").first).to_be_visible()
    shot(page, "02-skip")


def test_a_failure_shows_its_troubleshooting_tips(page, site):
    user = site.admin.assigned_user("browserfail")
    rule = {
        "method": "POST",
        "path": "/scim/v2/Users",
        "status": 400,
        "detail": "Refused by the browser test",
    }
    site.world.control("scim", "POST", "/faults", json=rule)
    try:
        provision_user(page, site, user["userPrincipalName"])
    finally:
        site.world.control("scim", "DELETE", "/faults")
    expect(result_badge(page)).to_have_text("✕ Failure")
    expect(page.get_by_role("heading", name="Troubleshooting tips")).to_be_visible()
    shot(page, "03-failure-tips")


def _choose_group(page: Page, site: Site, name: str) -> None:
    page.goto(site.url + "/")
    page.get_by_label("A group and up to five of its members").check()
    page.get_by_label("Group", exact=True).fill(name)
    page.get_by_role("button", name="Show members").click()


def test_a_group_with_five_chosen_members(page, site):
    admin = site.admin
    group = admin.group("Browser Five", [admin.user() for _ in range(6)])
    admin.assign(group)
    _choose_group(page, site, "Browser Five")
    boxes = page.get_by_role("group", name="Members of Browser Five (choose up to 5)").get_by_role("checkbox")
    for n in range(5):
        boxes.nth(n).check()
    page.get_by_role("button", name="Provision", exact=True).click()
    expect(page.locator(".member")).to_have_count(5)
    shot(page, "04-group-five-members")


def test_a_sixth_member_cannot_be_chosen(page, site):
    admin = site.admin
    admin.group("Browser Six", [admin.user() for _ in range(6)])
    _choose_group(page, site, "Browser Six")
    boxes = page.get_by_role("group", name="Members of Browser Six (choose up to 5)").get_by_role("checkbox")
    for n in range(5):
        boxes.nth(n).check()
    expect(boxes.nth(5)).to_be_disabled()
    expect(page.get_by_text("updates up to 5 members of a group at a time")).to_be_visible()
    shot(page, "05-sixth-member-refused")


def test_a_workday_worker_is_provisioned_by_worker_id(page, site):
    page.goto(site.url + "/")
    page.get_by_label("Job", exact=True).select_option(label="Workday to Contoso SCIM app · workday")
    page.get_by_role("button", name="Open").click()
    page.get_by_label("WID or Worker ID").fill(site.admin.employee_id())
    page.get_by_role("button", name="Provision", exact=True).click()
    expect(page.get_by_text("from Workday").first).to_be_visible()
    shot(page, "06-workday-worker")


def test_the_expression_tester_marks_a_parse_error_then_evaluates(page, site):
    user = site.admin.user("browserexpr")
    page.goto(site.url + "/expression")
    page.get_by_label("Expression").fill('Join(" ", [givenName], [surname]')
    page.get_by_label("User", exact=True).fill(user["userPrincipalName"])
    page.get_by_role("button", name="Evaluate").click()
    expect(page.get_by_text("(column 33)")).to_be_visible()
    shot(page, "07a-expression-parse-error")
    page.get_by_label("Expression").fill('Join(" ", [givenName], [surname])')
    page.get_by_role("button", name="Evaluate").click()
    expect(page.locator("output")).to_have_text("Browserexpr Webtester")
    shot(page, "07b-expression-value")


def test_logs_are_filtered_and_exported(page, site):
    user = site.admin.assigned_user("browserlogs")
    provision_user(page, site, user["userPrincipalName"])
    page.goto(site.url + "/logs")
    page.get_by_label("Identity").fill("browserlogs")
    page.get_by_label("Status").select_option("success")
    page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("table.logs tbody tr")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("complementary")).to_contain_text("browserlogs@contoso.onmicrosoft.com")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV (3 files, zip)").click()
    names = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())).namelist()
    assert len(names) == 3
    shot(page, "08-logs-filtered")


def test_moving_the_clock_past_the_replication_delay_turns_a_skip_into_a_create(page, site):
    user = site.admin.user("browserlate")
    site.admin.assign(user, replicate=False)
    provision_user(page, site, user["userPrincipalName"])
    expect(result_badge(page)).to_have_text("➜ Skipped")
    page.get_by_role("link", name="Target activity").click()
    page.get_by_label("Move forward (seconds)").fill(str(DELAY + 1))
    page.get_by_role("button", name="Move the clock").click()
    expect(page.get_by_role("status").filter(has_text="Moved the clock")).to_be_visible()
    shot(page, "09a-clock-moved")
    provision_user(page, site, user["userPrincipalName"])
    expect(result_badge(page)).to_have_text("✓ Success")
    expect(page.locator(".summary")).to_contain_text("Create")
    shot(page, "09b-create-after-replication")


def test_the_basic_flow_works_without_javascript(browser, site):
    site.admin.assigned_user("browsernojs")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(site.url + "/")
    page.get_by_label("Search").fill("browsernojs")
    page.get_by_role("button", name="Find users").click()
    page.get_by_role("radio", name="Browsernojs Webtester").check()
    page.get_by_role("button", name="Provision", exact=True).click()
    expect(page.locator("#result-h .badge")).to_have_text("✓ Success")
    page.get_by_text("View details").first.click()
    expect(page.get_by_role("table", name="Imported attributes")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "10-no-javascript-390px")
    context.close()
