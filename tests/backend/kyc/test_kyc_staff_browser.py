"""The staff pages in a real browser: headless Chromium (Debian's) driven by Playwright, against the real
server (``smartbank serve``) and a real KYC worker, with registrations sent through the API.

A reviewer opens the queue and a MANUAL_REVIEW case whose card is a PDF, sees the rendered card, both face
crops and the threshold, and approves it with a note; a reviewer cannot override an automatic rejection, a
supervisor can; no page a reviewer can reach answers 403 or 500. Screenshots of the queue and the case
page are written to ``SMARTBANK_SCREENSHOT_DIR`` (default: the test's temporary folder).
"""

from __future__ import annotations

import os
import random
import re
import time
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from tests.conftest import require
from tests.support.sample_cards import CardDetails, blurred, draw_card, pdf_bytes, random_aadhaar_number

from ..factories import registration_fields

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FACES = Path(__file__).resolve().parents[2] / "data" / "faces"
STAFF = {"reviewer": ("pw-reviewer-7", "KYC reviewers"), "supervisor": ("pw-supervisor-7", "KYC supervisors")}
CRAWL_LIMIT = 80


@pytest.fixture(scope="module")
def site(tmp_path_factory, eicar_database):
    """The real server and a real worker on their own data folder, database and embedded broker."""
    from smartbank_desktop.backend.kyc.worker import WorkerProcess
    from smartbank_desktop.backend.process import BackendProcess, fresh_database_url

    home = tmp_path_factory.mktemp("staff-site")
    database = os.environ.get("DATABASE_URL", "")
    database = (fresh_database_url(database, "staff_browser_test") if database.startswith("postgres")
                else f"sqlite:///{home / 'smartbank.sqlite3'}")
    env = {"SMARTBANK_HOME": str(home), "DATABASE_URL": database,
           "SMARTBANK_BROKER_URL": f"sqla+sqlite:///{home / 'broker.sqlite3'}",
           "SMARTBANK_REGISTRATION_RATE": "1000/min", "SMARTBANK_SIGN_IN_RATE": "1000/min",
           "SMARTBANK_CLAMAV_DATABASE": str(eicar_database), "SMARTBANK_CLAMD_SOCKET": "", "OMP_THREAD_LIMIT": "1"}
    backend = BackendProcess(env=env, log_path=home / "backend.log").start()
    worker = WorkerProcess(env=env, log_path=home / "worker.log").start()
    script = "; ".join(
        ["from django.contrib.auth.models import Group, User"]
        + [f"u = User.objects.create_user({name!r}, password={password!r}, is_staff=True); "
           f"u.groups.add(Group.objects.get(name={group!r}))" for name, (password, group) in STAFF.items()])
    backend.manage("shell", "-c", script)
    yield backend
    worker.stop()
    backend.stop()


def register(site, details: CardDetails, card: bytes, selfie: bytes) -> str:
    fields = registration_fields(full_name=details.name, date_of_birth=details.date_of_birth.isoformat(),
                                 aadhaar_number=details.number)
    response = httpx.post(f"{site.url}/api/v1/registrations/", data=fields, timeout=30,
                          files={"aadhaar_card": ("card.pdf", card), "selfie": ("me.jpg", selfie)})
    assert response.status_code == 201, response.text
    return response.json()["registration_id"]


def status(site, registration_id: str, *, waiting_for: set | None = None, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while True:
        body = httpx.get(f"{site.url}/api/v1/registrations/{registration_id}/", timeout=10).json()
        if waiting_for is None or body["status"] in waiting_for or time.monotonic() > deadline:
            return body["status"]
        time.sleep(0.3)


@pytest.fixture(scope="module")
def cases(site):
    """Two registrations decided by the worker: a blurred PDF card (MANUAL_REVIEW) and another person's
    selfie (REJECTED). Card holders, faces and numbers not used elsewhere in the tests."""
    rng = random.Random(1313)
    review = CardDetails("Gopal Krishna Menon", date(1949, 3, 21), "M", random_aadhaar_number(rng),
                         "गोपाल कृष्ण मेनन")
    rejected = CardDetails("Savitri Bai Kulkarni", date(1951, 10, 2), "F", random_aadhaar_number(rng),
                           "सावित्री बाई कुलकर्णी")
    ids = {
        "review": register(site, review, pdf_bytes(blurred(draw_card(review, FACES / "biden" / "biden.jpg"), 2.0)),
                           (FACES / "biden" / "biden2.jpg").read_bytes()),
        "rejected": register(site, rejected, pdf_bytes(draw_card(rejected, FACES / "eileen_collins" /
                                                                 "astronaut.png")),
                             (FACES / "obama" / "obama3.jpg").read_bytes()),
    }
    final = {"VERIFIED", "MANUAL_REVIEW", "REJECTED"}
    decided = {name: status(site, rid, waiting_for=final) for name, rid in ids.items()}
    assert decided == {"review": "MANUAL_REVIEW", "rejected": "REJECTED"}, decided
    return {"ids": ids, "names": {"review": review.name, "rejected": rejected.name}}


@pytest.fixture(scope="module")
def browser():
    require(Path(CHROMIUM).exists(), "Debian's chromium (scripts/debian-packages.txt)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    require(sync_playwright is not None, "the playwright package (the test extras)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("SMARTBANK_SCREENSHOT_DIR") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def signed_in(browser, site, name: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=site.url)
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", STAFF[name][0])
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def case_row(page, customer: str):
    return page.locator("#result_list tbody tr", has_text=customer)


def images_loaded(page, selector: str) -> list[int]:
    """The natural width of each image (0: it did not load), once the page has finished loading."""
    page.wait_for_load_state("load")
    return page.eval_on_selector_all(selector, "els => els.map(e => e.complete ? e.naturalWidth : 0)")


def test_reviewer_decides_a_pdf_card_case_from_the_case_page(browser, site, cases, screenshots):
    page = signed_in(browser, site, "reviewer")
    page.click("text=KYC cases")
    page.wait_for_selector("#result_list")
    row = case_row(page, cases["names"]["review"])
    assert row.count() == 1
    assert "Card photo sharpness: Text sharpness" in row.inner_text()  # why it waits
    assert case_row(page, cases["names"]["rejected"]).count() == 0  # not in the reviewers' queue
    page.screenshot(path=str(screenshots / "kyc-queue.png"), full_page=True)
    assert (screenshots / "kyc-queue.png").stat().st_size > 10_000

    row.locator("a").first.click()
    page.wait_for_selector("#face-line")
    assert page.inner_text("#case-status") == "Waiting for staff review"
    assert re.fullmatch(r"Distance 0\.\d{3}: the same person below 0\.56, so a match \(1 face on the card, "
                        r"1 face on the selfie\)\.", page.inner_text("#face-line"))
    faces = images_loaded(page, "img.kyc-face")
    assert len(faces) == 2 and all(width > 100 for width in faces), faces
    card_pages = images_loaded(page, "img.kyc-document[alt^='Aadhaar card']")
    assert card_pages and card_pages[0] > 800, card_pages  # the PDF, rendered
    assert page.locator("a.kyc-file-link").count() == 2
    page.screenshot(path=str(screenshots / "kyc-case.png"), full_page=True)
    assert (screenshots / "kyc-case.png").stat().st_size > 10_000
    page.click("#face-card")
    assert "zoomed" in page.get_attribute("#face-card", "class")

    # A note of only spaces does not go through, and what was typed stays.
    page.fill("#note", "   ")
    page.fill("#message", "Please visit the Kothrud branch with your card.")
    page.click("button[value=reject]")
    assert page.input_value("#message") == "Please visit the Kothrud branch with your card."
    assert status(site, cases["ids"]["review"]) == "MANUAL_REVIEW"

    page.fill("#note", "Blurred scan; name, date of birth and photo checked against the branch copy.")
    page.fill("#message", "")
    page.click("button[value=approve]")
    page.wait_for_selector("ul.messagelist")
    assert "Decision saved" in page.inner_text("ul.messagelist")
    assert status(site, cases["ids"]["review"]) == "VERIFIED"
    page.context.close()


def test_only_a_supervisor_can_override_an_automatic_rejection(browser, site, cases, screenshots):
    name = cases["names"]["rejected"]
    reviewer = signed_in(browser, site, "reviewer")
    reviewer.goto("/admin/kyc/kyccase/?queue=rejected")
    reviewer.wait_for_selector("#result_list")
    case_row(reviewer, name).locator("a").first.click()
    reviewer.wait_for_selector("#cannot-decide")
    assert "only a supervisor can change a rejection" in reviewer.inner_text("#cannot-decide")
    assert reviewer.locator("button[value=approve]").count() == 0
    reviewer.context.close()

    supervisor = signed_in(browser, site, "supervisor")
    supervisor.goto("/admin/kyc/kyccase/?queue=rejected")
    supervisor.wait_for_selector("#result_list")
    case_row(supervisor, name).locator("a").first.click()
    supervisor.fill("#note", "Selfie retaken at the branch in person; the card photo is hers.")
    supervisor.click("button[value=approve]")
    supervisor.wait_for_selector("ul.messagelist")
    assert status(site, cases["ids"]["rejected"]) == "VERIFIED"
    supervisor.context.close()


def pages_ahead(queue: list[str]) -> int:
    return next((i for i, address in enumerate(queue) if "?" in address), len(queue))


def test_no_page_a_reviewer_can_reach_is_refused_or_fails(browser, site, cases):
    page = signed_in(browser, site, "reviewer")
    seen, queue, answers = set(), ["/admin/"], {}
    while queue and len(seen) < CRAWL_LIMIT:
        address = queue.pop(0)
        if address in seen:
            continue
        seen.add(address)
        response = page.request.get(address)
        answers[address] = response.status
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        for link in re.findall(r'href="([^"#]+)"', response.text()):
            target = urljoin(site.url + address, link.replace("&amp;", "&"))
            parts = urlsplit(target)
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith(site.url) and parts.path.startswith("/admin/") and "logout" not in parts.path:
                # Pages first, then their filtered and sorted variants (there are many of those).
                (queue.append(local) if parts.query else queue.insert(pages_ahead(queue), local))
    refused = {address: code for address, code in answers.items() if code in (403, 500)}
    assert not refused, refused
    assert len(answers) >= 15, sorted(answers)  # the queue, cases, events, documents and their pages
    assert any("/document/" in address for address in answers)
    page.context.close()
    log = Path(site.log_path).read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]

