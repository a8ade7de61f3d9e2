"""Every page, as each role, on a phone (390 px) and a laptop (1366 px): nothing wider than the screen, and no
critical or serious accessibility violation (axe-core, run inside the page).

The pages come from the product itself: the demo data of ``make run`` (``seed_demo``), each role's menu, and the
first record each list links to (a person, a household, a case, a batch, a complaint, a job…).
"""

import io
import re
from urllib.parse import urljoin, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from accounts.models import User
from tests.e2e.test_month_flow import PASSWORD, sign_in
from tests.helpers import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROLES = {  # one demo account per role
    "commune_officer": "canbo.bacgiang", "commune_leader": "chutich.bacgiang", "so_specialist": "chuyenvien.noivu",
    "so_leader": "lanhdao", "viewer": "thongke", "admin": "admin",
}
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
# Records a list links to: the first of each kind is opened too.
DETAIL = re.compile(r"^/(doi-tuong/\d+/(sua/)?|ho-gia-dinh/\d+/(ra-soat/)?|nha-o/\d+/|chi-tra/\d+/|don-thu/\d+/"
                    r"|tac-vu/\d+/|chinh-sach/[A-Z_0-9]+/|chi-tieu/\w+/ho-so/|doi-tuong/\d+/de-nghi-huong/"
                    r"|doi-tuong/\d+/them-ho-so/\w+/|nha-o/de-xuat/\d+/)$")
NOT_PAGES = ("/dang-xuat/", "/quan-tri/", "/api/v1/schema/")  # sign-out; Django's admin (not ours); JSON
SERIOUS = {"critical", "serious"}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo refuses otherwise (no demo accounts on a real system)
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    for username in ROLES.values():
        account = User.objects.get(username=username)
        account.set_password(PASSWORD)
        account.save()


def signed_in(browser, live_server, username, size):
    return sign_in(browser, live_server, username, viewport=SIZES[size], bypass_csp=True)  # axe is injected


def pages_of(page, live_server) -> list[str]:
    """The role's menu, then the first record of each kind its pages link to."""
    def links():
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        return [urlparse(urljoin(live_server.url + "/", h)) for h in hrefs]

    menu = [u.path for u in links() if u.netloc == urlparse(live_server.url).netloc and not u.query]
    menu = [p for p in dict.fromkeys(["/", *menu]) if not p.startswith(NOT_PAGES) and not p.startswith("/static/")]
    found, kinds = list(menu), set()
    for path in menu:
        page.goto(live_server.url + path)
        for url in links():
            match = DETAIL.match(url.path)
            if match:
                kind = re.sub(r"\d+|[A-Z_0-9]{4,}|\w+(?=/ho-so/)", "N", url.path)
                if kind not in kinds:
                    kinds.add(kind)
                    found.append(url.path)
    return found


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_fits_the_screen_and_passes_axe(browser, live_server, demo, role):
    username = ROLES[role]
    problems = []
    axe = Axe()
    paths = None
    for size in SIZES:
        page = signed_in(browser, live_server, username, size)
        if paths is None:
            paths = pages_of(page, live_server)
            assert len(paths) >= 5, paths
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status < 400, (role, path, response.status)
            if (wider := overflow(page)) > 0:
                page.screenshot(path=str(ARTIFACTS / f"overflow-{role}-{size}-{path.strip('/').replace('/', '_')}.png"),
                                full_page=True)
                problems.append(f"{size} {path}: {wider} px wider than the screen")
            if size == "phone":  # a queue is cards: every action of every case within reach, no sideways scroll
                hidden = page.evaluate("""() => [...document.querySelectorAll('.table.cards button')]
                    .filter(b => b.getBoundingClientRect().right > window.innerWidth + 1).length""")
                if hidden:
                    problems.append(f"{size} {path}: {hidden} queue buttons off screen")
            context = None
            if path == "/api/v1/docs/":  # Swagger UI's own markup is a third-party page: our bar and the way back
                page.wait_for_selector("#swagger-ui .opblock-tag")
                assert page.get_by_role("link", name="← Về ứng dụng").count() == 1
                context = {"exclude": [["#swagger-ui"]]}
            results = axe.run(page, context=context,
                              options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
            for violation in results.response["violations"]:
                if violation["impact"] in SERIOUS:
                    targets = [node["target"] for node in violation["nodes"][:3]]
                    problems.append(f"{size} {path}: {violation['impact']} {violation['id']} {targets}")
        page.context.close()
    assert not problems, "\n".join(problems)


def test_on_a_phone_the_menu_opens_and_the_chosen_profile_opens_its_section(browser, live_server, tree):
    from accounts.models import Role
    from tests.factories import make_user

    make_user(Role.COMMUNE_OFFICER, tree["bac_giang"], username="e2e.phone", password=PASSWORD)
    page = signed_in(browser, live_server, "e2e.phone", "phone")
    menu = page.locator("#main-menu")
    assert not menu.is_visible()
    page.click(".menu-toggle")
    assert menu.is_visible() and page.get_attribute(".menu-toggle", "aria-expanded") == "true"
    page.click("#main-menu >> text=Đăng ký mới")
    page.select_option("#id_k-profile_kind", "protection")
    assert page.locator("details[data-profile-section=protection]").get_attribute("open") is not None
    assert page.locator("details[data-profile-section=merit]").get_attribute("open") is None
    page.select_option("#id_k-profile_kind", "merit")
    assert page.locator("details[data-profile-section=merit]").get_attribute("open") is not None
    assert overflow(page) <= 0
    page.context.close()
