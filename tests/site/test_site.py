"""The explorer at `/` and the docs at /docs and /redoc: served from the package, under a
Content-Security-Policy that allows only this origin, and checked in a real browser.

The browser tests drive Debian's /usr/bin/chromium through Playwright (never a browser that
Playwright downloads). Without chromium they skip, saying why; under CI=true they fail. Each one
saves a screenshot under .ci/artifacts/.
"""

import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from app.site.router import STATIC
from tests.helpers import LiveServer

CHROMIUM = Path(os.environ.get("KCA_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / ".ci" / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPUBLICS = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]

# ---------------------------------------------------------------- without a browser


def csp(response) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in (part.strip() for part in policy.split(";"))
        if directive
    }


@pytest.mark.parametrize("path", ["/", "/docs", "/redoc", "/docs/oauth2-redirect"])
def test_pages_load_only_files_of_this_site(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    references = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert references
    for reference in references:
        assert reference.startswith(("/", "#")), reference  # nothing from another host
        if reference.startswith("/static/"):
            assert client.get(reference).status_code == 200, reference


def test_explorer_policy_allows_only_this_origin(client):
    policy = csp(client.get("/"))
    assert policy["default-src"] == ["'none'"]
    for directive in ("script-src", "style-src", "img-src", "connect-src"):
        assert policy[directive] == ["'self'"], directive
    assert policy["frame-ancestors"] == ["'none'"]


def test_docs_policies_allow_only_this_origin(client):
    swagger = csp(client.get("/docs"))
    assert swagger["script-src"] == ["'self'"]
    assert swagger["style-src"] == ["'self'"]
    assert swagger["img-src"] == ["'self'", "data:"]  # Swagger UI's icons are data: images
    assert swagger["connect-src"] == ["'self'"]

    first, second = client.get("/redoc"), client.get("/redoc")
    redoc = csp(first)
    assert redoc["script-src"] == ["'self'"]
    assert redoc["worker-src"] == ["'self'", "blob:"]  # ReDoc's search runs in a blob: worker
    # ReDoc writes <style> elements; they carry this page's nonce instead of 'unsafe-inline'.
    assert redoc["style-src"][0] == "'self'" and len(redoc["style-src"]) == 2
    nonce = redoc["style-src"][1].removeprefix("'nonce-").removesuffix("'")
    assert len(nonce) >= 20 and f'nonce="{nonce}"' in first.text
    assert csp(second)["style-src"] != redoc["style-src"]  # a fresh nonce for every page
    assert first.headers["cache-control"] == "no-store"
    for response in (client.get("/"), client.get("/docs"), first):
        assert "unsafe" not in response.headers["content-security-policy"]


def test_vendored_files_carry_licences_versions_and_no_cdn():
    vendor = STATIC / "vendor"
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    assert "swagger-ui-dist 5.35.0" in readme and "redoc 2.5.4" in readme
    for name in ("swagger-ui/LICENSE", "swagger-ui/NOTICE", "redoc/LICENSE"):
        assert (vendor / name).stat().st_size > 0, name
    for bundle in ("swagger-ui/swagger-ui-bundle.js", "redoc/redoc.standalone.js"):
        text = (vendor / bundle).read_text(encoding="utf-8")
        assert "cdn.jsdelivr.net" not in text and "cdn.redoc.ly" not in text, bundle


# ---------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def live(engine):
    with LiveServer(engine) as base:
        yield base


@pytest.fixture(scope="module")
def browser_context():
    def unavailable(reason: str):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI needs the browser tests (see .ci/run)")
        pytest.skip(reason)

    if not CHROMIUM.exists():
        unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium chromium-driver)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(20_000)
        yield context
        context.close()


class Visit:
    """A page with every request and every console error it caused."""

    def __init__(self, context, url: str):
        self.page = context.new_page()
        self.requests: list[str] = []
        self.fetches: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", self._request)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.response = self.page.goto(url)

    def _request(self, request) -> None:
        self.requests.append(request.url)
        if request.resource_type in ("fetch", "xhr"):
            self.fetches.append(request.url)

    def assert_clean(self) -> None:
        """Nothing from another host, nothing refused by the policy, no script errors."""
        hosts = {
            urlsplit(url.removeprefix("blob:")).hostname  # ReDoc's worker: blob:http://host/…
            for url in self.requests
            if not url.startswith("data:")
        }
        assert hosts == {"127.0.0.1"}, self.requests
        assert self.errors == []

    def screenshot(self, name: str, selector: str | None = None, full_page=True) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        # A whole page (the explorer is some 55,000 pixels tall) is saved as JPEG: chromium
        # encodes that in about half the CPU a PNG takes (bench/results/NOTES.md, h13site).
        whole_page = full_page and not selector
        path = ARTIFACTS / f"{name}.{'jpg' if whole_page else 'png'}"
        if selector:
            self.page.locator(selector).screenshot(path=path)
        else:
            self.page.screenshot(path=path, full_page=full_page)
        return path


def open_explorer(context, base: str) -> Visit:
    visit = Visit(context, f"{base}/")
    visit.page.wait_for_selector("body[data-ready='true']")
    return visit


@pytest.fixture(scope="module")
def explorer(browser_context, live) -> Iterator[Visit]:
    """One explorer page for the tests that only read it (a load costs chromium up to a
    CPU-second); tests that filter the table open their own. Of its readers, the card test,
    which opens a card's "more records", comes last."""
    visit = open_explorer(browser_context, live)
    yield visit
    visit.page.close()


@pytest.mark.browser
def test_swagger_ui_lists_every_operation_without_leaving_the_host(browser_context, live):
    spec = httpx.get(f"{live}/openapi/curation.json", timeout=30).json()  # built on first request
    expected = sorted(
        (method.upper(), path) for path, methods in spec["paths"].items() for method in methods
    )
    visit = Visit(browser_context, f"{live}/docs")
    blocks = visit.page.locator(".opblock")
    blocks.nth(len(expected) - 1).wait_for()
    shown = sorted(
        zip(
            visit.page.locator(".opblock-summary-method").all_inner_texts(),
            visit.page.locator(".opblock-summary-path").evaluate_all(
                "nodes => nodes.map(n => n.dataset.path)"
            ),
            strict=True,
        )
    )
    assert shown == expected and len(shown) == 112
    assert "List visits" in visit.page.locator("#operations-visits-list_visits").inner_text()
    visit.screenshot("docs", full_page=False)
    visit.assert_clean()
    visit.page.close()


@pytest.mark.browser
def test_redoc_renders_the_operations(browser_context, live):
    spec = httpx.get(f"{live}/openapi/curation.json", timeout=30).json()  # built on first request
    operations = [o for methods in spec["paths"].values() for o in methods.values()]
    visit = Visit(browser_context, f"{live}/redoc")
    heading = visit.page.locator("h1").first
    heading.wait_for()
    assert heading.inner_text() == "Korea–Central Asia Relations API (1.0.0)"
    menu = visit.page.locator("li[data-item-id*='/operation/']")
    menu.nth(len(operations) - 1).wait_for(state="attached")
    items = menu.evaluate_all(
        "nodes => nodes.map(n => [n.dataset.itemId.split('/operation/')[1],"
        " n.querySelector('label').innerText.replace(/^(get|post|patch|del)/, '')])"
    )
    items = sorted(map(tuple, items))
    assert items == sorted((o["operationId"], o["summary"]) for o in operations)
    assert ("list_visits", "List visits") in items and len(items) == 112  # each listed once
    # The search worker starts after the first paint; its script comes from a blob: URL.
    if not any(url.startswith("blob:") for url in visit.requests):
        visit.page.wait_for_event("request", lambda request: request.url.startswith("blob:"))
    visit.screenshot("redoc", full_page=False)  # the whole page is tens of thousands of pixels
    visit.assert_clean()
    visit.page.close()


@pytest.mark.browser
def test_explorer_shows_the_five_republics(explorer, live):
    cards = explorer.page.locator("#cards article")
    assert cards.locator("h3").all_inner_texts() == REPUBLICS
    figures = {
        card.get_attribute("data-country"): [
            text.split()[0] for text in card.locator("dd strong").all_inner_texts()
        ]
        for card in cards.all()
    }
    # summits since 1992, Koryo-saram, visits from Korea, visits to Korea
    assert figures == {
        "KZ": ["14", "110,000", "5", "3"],
        "KG": ["2", "19,000", "1", "3"],  # with Japarov's visit of December 2024
        "TJ": ["3", "800", "1", "2"],
        "TM": ["5", "1,000", "2", "1"],
        "UZ": ["16", "178,000", "2", "2"],  # with Mirziyoyev's visit of December 2021
    }
    # The article's eight Uzbek figures less the three a later report replaced (investment
    # stock, trade, grant aid), and the latest report of each of eight external ones (four
    # part-year reports of 2023 trade are superseded by the whole year, and January to April
    # 2024 by January to June).
    uzbekistan = explorer.page.locator("article[data-country=UZ] .money-list li")
    assert uzbekistan.count() == 13
    texts = uzbekistan.all_inner_texts()
    assert [texts[9], texts[12]] == [
        "Investment stock, –2025: more than $8 billion (stock, one way) external · as of"
        " 2025-09-23",
        # a part-year figure says which months it covers
        "Trade turnover, Jan–Jun 2024: $1.07 billion (two way trade, both ways) external · as of"
        " 2024-07-23",
    ]
    kyrgyzstan = explorer.page.locator("article[data-country=KG] .money-list li").all_inner_texts()
    assert kyrgyzstan == [
        "Project funding (How to Marry Gu Jun Pe), 2011: $20,000 (flow, direction not stated) ¶ 64",
        "Trade turnover: about $100 million (two way trade, both ways) external · as of 2021-04-05",
    ]
    # Only the public API: /v1/meta, then every resource it lists (the registry's), nothing else.
    kinds = httpx.get(f"{live}/v1/meta").json()["records"]
    paths = {urlsplit(url).path for url in explorer.fetches}
    assert paths == {"/v1/meta", *(f"/v1/{kind}" for kind in kinds)}
    assert len(kinds) == 17
    explorer.screenshot("explorer")
    explorer.screenshot("explorer-republics", "#republics")
    explorer.assert_clean()


@pytest.mark.browser
def test_timeline_has_every_visit_by_year_and_direction(explorer, live):
    visits = httpx.get(f"{live}/v1/visits", params={"limit": 500}).json()["data"]
    from_api = Counter(
        (v["year"], "from-korea" if v["from_country"] == "KR" else "to-korea") for v in visits
    )
    # The article's visits: Korea's four trips to Kazakhstan and its 2019 tour of the other four
    # republics, against nine trips the other way; from external pages, Yoon Suk Yeol's three
    # state visits and two more trips to Korea (Mirziyoyev in 2021, Japarov in 2024).
    assert from_api == Counter(
        {
            (1995, "to-korea"): 1,
            (1997, "to-korea"): 1,
            (2003, "to-korea"): 1,
            (2004, "from-korea"): 1,
            (2005, "to-korea"): 1,
            (2008, "to-korea"): 1,
            (2009, "from-korea"): 1,
            (2010, "to-korea"): 1,
            (2014, "from-korea"): 1,
            (2015, "to-korea"): 1,
            (2017, "to-korea"): 1,
            (2019, "from-korea"): 5,
            (2021, "to-korea"): 2,  # and Mirziyoyev's state visit, from external pages
            (2024, "from-korea"): 3,  # Yoon Suk Yeol's state visits, from external pages
            (2024, "to-korea"): 1,  # Japarov's visit, from external pages
        }
    )
    marks = explorer.page.locator("#timeline g.visit").evaluate_all(
        "nodes => nodes.map(n => [Number(n.dataset.year), n.dataset.direction, n.dataset.country,"
        " n.querySelector('circle').classList.contains('ring')])"
    )
    assert Counter((year, direction) for year, direction, _c, _r in marks) == from_api
    rings = sorted((year, country) for year, _d, country, ring in marks if ring)
    assert rings == [(2019, "KG"), (2019, "TJ")]  # the prime minister's two trips
    title = explorer.page.locator("#timeline g.visit[data-id='12'] title").text_content()
    assert title == "2019: Moon Jae-in, president, Korea → Uzbekistan (Tashkent)"
    assert explorer.page.locator("#visit-table tbody tr").count() == 22
    explorer.screenshot("explorer-timeline", "#visits")
    explorer.assert_clean()


@pytest.mark.browser
def test_money_chart_shows_each_figure_with_its_qualifier(explorer):
    rows = explorer.page.locator("#money-chart g.money-row")
    labels = rows.evaluate_all(
        "nodes => nodes.map(n => [n.dataset.country, n.dataset.kind, n.dataset.qualifier,"
        " n.querySelector('.bar-value text').textContent])"
    )
    # The latest report of each figure, largest first in each republic: a later external report
    # replaced the article's investment stocks, Uzbek trade of 2019 and Uzbek grant aid.
    assert labels == [
        ["KZ", "investment_stock", "exact", "$9.6 billion"],
        ["KZ", "trade_turnover", "exact", "$6.5 billion"],
        ["KZ", "trade_turnover", "about", "about $6 billion"],
        ["KZ", "trade_turnover", "exact", "$4.2 billion"],
        ["KZ", "trade_turnover", "exact", "$3.1 billion"],
        ["KZ", "trade_turnover", "exact", "$3.08 billion"],
        ["KZ", "agreements_signed", "exact", "$1.7 billion"],
        ["KZ", "trade_turnover", "exact", "$1.5 billion"],
        ["KG", "trade_turnover", "about", "about $100 million"],
        ["KG", "project_funding", "exact", "$20,000"],
        ["TM", "trade_turnover", "exact", "$17 million"],
        ["UZ", "investment_stock", "more_than", "more than $8 billion"],
        ["UZ", "trade_turnover", "more_than", "more than $2.77 billion"],
        ["UZ", "trade_turnover", "exact", "$2.5 billion"],
        ["UZ", "trade_turnover", "more_than", "more than $2.3 billion"],
        ["UZ", "trade_turnover", "exact", "$2.14 billion"],
        ["UZ", "trade_turnover", "exact", "$1.07 billion"],
        ["UZ", "credit_line", "exact", "$1 billion"],
        ["UZ", "fez_portfolio", "exact", "$730.7 million"],
        ["UZ", "credit_line", "exact", "$500 million"],
        ["UZ", "fez_portfolio", "exact", "$282.8 million"],
        ["UZ", "agreements_signed", "exact", "$195.7 million"],
        ["UZ", "grant_aid", "exact", "$141 million"],
        ["UZ", "project_funding", "exact", "$11.9 million"],
    ]
    # A lower bound (the three Uzbek "more than" figures) is drawn open-ended; a ceiling (both
    # Uzbek credit limits) is a bar of its own style.
    assert explorer.page.locator("#money-chart path.open-end").count() == 3
    assert explorer.page.locator("#money-chart rect.n-ceiling").count() == 2
    assert (
        "6 figures that are not about one republic (gdp forecast, debt repayment, trade turnover,"
        " trade turnover, trade turnover, investment stock)"
    ) in explorer.page.inner_text("#money-legend")
    # Each bar's title says what the figure measures, which way it goes and when it was reported.
    trade = explorer.page.locator(
        "#money-chart g.money-row[data-country=UZ][data-kind=trade_turnover] > title"
    )
    assert trade.first.text_content() == (
        "Uzbekistan, Trade turnover 2019: more than $2.77 billion (two way trade, both ways)."
        " Cited from para 5; Uzbekistan President Mirziyoyev to visit South Korea in December"
        " (an external page; as of 2021-11-09)."
    )
    explorer.screenshot("explorer-money", "#money")
    explorer.assert_clean()


# Every cited record: 5 summits, 22 visits, 23 projects, 30 money figures (the latest report of
# each), 12 missions, 8 diaspora figures, 9 organisations, 17 forum sessions (the latest report
# of each), 21 indicators, 39 initiatives, 20 agreements, 10 relations, 11 terms and 13 facts
# about people.
RECORDS = 240
# Of RECORDS, from external pages (cited by a locator, not a paragraph): 21 money figures, 17
# agreements, 16 forum sessions, 11 indicators, 5 visits, a diaspora row, an organisation and
# an initiative.
EXTERNAL = 73
UNDATED = 3
"""Of EXTERNAL, records whose page shows no date and reports no day: two forum sessions and an
indicator (tests/test_external_sources.py names them)."""
ARTICLE_URL = "https://cabar.asia/"  # the publisher's home page: see /v1/meta's article


def visible_rows(page) -> list[list[str]]:
    return page.locator("#records-table tbody tr:not([hidden])").evaluate_all(
        "rows => rows.map(r => [...r.cells].slice(0, 3).map(c => c.innerText.trim())"
        ".concat([r.querySelector('.figure-main').innerText, r.querySelector('.cited').innerText,"
        " r.querySelector('.figure-main a').getAttribute('href')]))"
    )


@pytest.mark.browser
def test_filters_narrow_the_table_to_exact_rows(browser_context, live):
    visit = open_explorer(browser_context, live)
    page = visit.page
    assert len(visible_rows(page)) == RECORDS
    page.select_option("#filter-country", "TJ")
    page.select_option("#filter-kind", "visits")
    assert visible_rows(page) == [
        [
            "Visit",
            "Tajikistan",
            "2005",
            "E. Rahmon (president), Tajikistan → Korea, Seoul",
            "¶ 11 the article",
            ARTICLE_URL,
        ],
        [
            "Visit",
            "Tajikistan",
            "2015",
            "E. Rahmon (president), Tajikistan → Korea, Seoul",
            "¶ 11 the article",
            ARTICLE_URL,
        ],
        [
            "Visit",
            "Tajikistan",
            "2019",
            "Lee Nak-yon (prime minister), Korea → Tajikistan, Dushanbe",
            "¶ 11 the article",
            ARTICLE_URL,
        ],
    ]
    page.select_option("#filter-country", "KZ")
    page.select_option("#filter-kind", "investments")
    # The article's agreements of 2021, then the latest external report of each Kazakh figure
    # (one replaced the article's investment stock), by year.
    summit_2021 = "para 7 external: Title not shown: Moon-Tokayev summit (as of 2021-08-17)"
    summit_url_2021 = "https://m.koreaherald.com/view.php?ud=20210817000771"
    call_2025 = "para 7 external: Title not shown: Lee-Tokayev phone call (as of 2025-07-25)"
    call_url_2025 = "https://www.ajupress.com/view/20250725092018782"
    money = "Money figure", "Kazakhstan"
    assert visible_rows(page) == [
        [*money, "2017", "Trade turnover: $1.5 billion", summit_2021, summit_url_2021],
        [*money, "2019", "Trade turnover: $4.2 billion", summit_2021, summit_url_2021],
        [*money, "2020", "Trade turnover: $3.08 billion", summit_2021, summit_url_2021],
        [
            *money,
            "2021",
            "Agreements signed: $1.7 billion",
            "¶ 51 fn 12: Kazakhstan and South Korea signed agreements worth 1.7 billion USD",
            "https://kapital.kz/economic/97977/kazakhstan-i-yuzhnaya-koreya-podpisali-"
            "soglasheniya-na-1-7-mlrd.html",
        ],
        [
            *money,
            "2022",
            "Trade turnover: $6.5 billion",
            "last paragraph external: Title not shown: interview with Kazakh Ambassador Nurgali"
            " Arystanov (as of 2023-08-22)",
            "https://www.koreaherald.com/view.php?ud=20230822000647",
        ],
        # the first half's $3.5 billion is superseded by the whole year
        [*money, "2023", "Trade turnover: about $6 billion", call_2025, call_url_2025],
        [
            *money,
            "–2023",
            "Investment stock: $9.6 billion",
            "para 2 external: Kazakhstan, South Korea sign 11 cooperation documents"
            " (as of 2024-06-12)",
            "https://silkwaytv.kz/en/kazakhstan-south-korea-sign-11-cooperation-documents_42748",
        ],
        [*money, "2024", "Trade turnover: $3.1 billion", call_2025, call_url_2025],
    ]
    assert page.inner_text("#records-count") == f"Showing 8 of {RECORDS} records."
    assert page.url.endswith("/?country=KZ&kind=investments")  # a filtered view can be shared
    visit.screenshot("explorer-records", "#records")
    page.click("#filter-reset")
    page.locator("#records-table tr[hidden]").first.wait_for(state="detached")
    assert len(visible_rows(page)) == RECORDS
    visit.assert_clean()
    page.close()


@pytest.mark.browser
def test_a_shared_filter_link_opens_filtered(browser_context, live):
    visit = Visit(browser_context, f"{live}/?country=UZ&kind=diaspora")
    visit.page.wait_for_selector("body[data-ready='true']")
    assert visible_rows(visit.page) == [
        [
            "Diaspora",
            "Uzbekistan",
            "—",
            "178,000 people",
            "¶ 53 fn 15: " + httpx.get(f"{live}/v1/sources/15").json()["title"],
            httpx.get(f"{live}/v1/sources/15").json()["url"],
        ]
    ]
    assert visit.page.input_value("#filter-country") == "UZ"
    assert visit.page.input_value("#filter-kind") == "diaspora"
    visit.screenshot("explorer-shared-filter", "#records")
    visit.assert_clean()
    visit.page.close()


@pytest.mark.browser
def test_the_masthead_links_the_article_and_the_sources_are_listed(explorer, live):
    meta = httpx.get(f"{live}/v1/meta").json()
    page = explorer.page
    link = page.locator("#article-link")
    assert link.get_attribute("href") == ARTICLE_URL == meta["article"]["url"]
    assert link.inner_text() == (
        "“Central Asia and South Korea: Seeking Opportunities for Increased Cooperation”"
    )
    # The link is the publisher's home page, and the page says so in the API's words.
    assert page.inner_text("#article .article-note") == meta["article"]["url_note"]
    sources = page.locator("#source-list li").all_inner_texts()
    assert len(sources) == 128  # the article, its 21 footnotes and 106 external pages
    assert sources[0].startswith(
        "The article Central Asia and South Korea: Seeking Opportunities for Increased "
        "Cooperation, Ainura Akmatalieva, CABAR.asia"
    )
    assert sources[4] == (
        "Footnote 4 Strategy of the New Northern Policy and Its Restrictive Factors, Om Goo Ho, "
        "Bulletin of St. Petersburg University. International relationships, 2020, vol. 13(3), "
        "pp. 354–373 ¶ 80"
    )
    people = page.locator("#people-list li").all_inner_texts()
    assert len(people) == 20  # with Yoon Suk Yeol, Mirziyoyev and Japarov, from external pages
    assert "Shavkat Mirziyoyev, Uzbekistan (visits: 1)" in people
    assert "Sadyr Japarov, Kyrgyzstan (visits: 1)" in people
    assert "E. Rahmon, Tajikistan (visits: 2, terms: 1, person facts: 1)" in people
    assert "Park Geun-hye, Korea (visits: 1, initiatives: 1, terms: 1, person facts: 1)" in people
    explorer.screenshot("explorer-masthead", "header")
    explorer.screenshot("explorer-sources", "#sources")
    explorer.assert_clean()


def policy_items(locator) -> list[list[str]]:
    return locator.evaluate_all(
        "items => items.map(li => [li.querySelector(':scope > time')?.innerText ?? '',"
        " li.querySelector(':scope > a, :scope > .figure-link').innerText,"
        " li.querySelector(':scope > .cite').innerText])"
    )


@pytest.mark.browser
def test_initiatives_and_agreements_by_date_with_parents_and_rivals(explorer):
    page = explorer.page
    # The article's six, then the external ones: the K-Silk Road initiative and 16 dated
    # agreements; one of them, across the June 2024 tour, has no second party.
    assert policy_items(page.locator("#policy-timeline .dated > li")) == [
        ["Oct 2013", "New Northern Policy", "¶ 16 · fn 4"],
        ["2017", "New Northern Policy under Moon Jae-in", "¶ 16 · fn 4"],
        ["2018", "Tasks set in 2018", "¶ 26"],
        ["2020", "Year of Northern Economic Cooperation", "¶ 32"],
        [
            "2021",
            "Korea and Kazakhstan agreements of 2021: agreed, Korea and Kazakhstan",
            "¶ 51 · fn 12",
        ],
        [
            "Aug 2021",
            "Decree on the Consulate General in Busan: decreed, Kazakhstan and Korea",
            "¶ 7",
        ],
        [
            "29 Nov 2021",
            "Protocol amending the Korea-Tajikistan income tax convention: in force, Korea and"
            " Tajikistan",
            "external · as of 2022-06-11",
        ],
        [
            "17 Dec 2021",
            "Documents signed during the Uzbek state visit of December 2021: signed, Korea and"
            " Uzbekistan",
            "external · as of 2021-12-17",
        ],
        [
            "17 Dec 2021",
            "Joint statement on the special strategic partnership (2021): signed, Korea and"
            " Uzbekistan",
            "external · as of 2021-12-17",
        ],
        [
            "31 May 2023",
            "Foreign ministries' cooperation memorandum for 2023-2024: signed, Korea and"
            " Kazakhstan",
            "external · as of 2023-05-31",
        ],
        [
            "7 Jun 2024",
            "Korea – Central Asia K-Silk Road Cooperation Initiative",
            "external · as of 2024-06-07",
        ],
        [
            "10 Jun 2024",
            "Documents signed at the Ashgabat summit of June 2024: signed, Korea and Turkmenistan",
            "external · as of 2024-06-11",
        ],
        [
            "10 Jun 2024",
            "Turkmen-Korean summit statement (June 2024): signed, Korea and Turkmenistan",
            "external · as of 2024-06-11",
        ],
        [
            "10 Jun – 15 Jun 2024",
            "Documents signed across the June 2024 state visits: signed, Korea",
            "external · as of 2024-06-16",
        ],
        [
            "11 Jun 2024",
            "Turkmen-Korean documents signed to date (June 2024 tally): signed, Korea and"
            " Turkmenistan",
            "external · as of 2024-06-11",
        ],
        [
            "12 Jun 2024",
            "Documents signed at the Astana summit of June 2024: signed, Korea and Kazakhstan",
            "external · as of 2024-06-12",
        ],
        [
            "12 Jun 2024",
            "Government memoranda adopted at the Astana summit of June 2024: signed, Korea and"
            " Kazakhstan",
            "external · as of 2024-06-12",
        ],
        [
            "13 Jun – 15 Jun 2024",
            "Documents signed during the Uzbek state visit of June 2024: signed, Korea and"
            " Uzbekistan",
            "external · as of 2024-06-14",
        ],
        [
            "14 Jun 2024",
            "Joint statement on the special strategic partnership (2024): signed, Korea and"
            " Uzbekistan",
            "external · as of 2024-06-22",
        ],
        [
            "14 Jun 2024",
            "Hyundai Rotem high-speed train contract with Uzbekistan: signed, Korea and Uzbekistan",
            "external · as of 2024-06-14",
        ],
        [
            "14 Jun 2024",
            "Plan for a strategic programme on a high-tech hub in Uzbekistan: agreed, Korea and"
            " Uzbekistan",
            "external · as of 2024-06-15",
        ],
        [
            "4 Nov 2024",
            "Foreign ministries' action plan for 2025-2027: signed, Korea and Kazakhstan",
            "external · as of 2024-11-05",
        ],
        [
            "3 Dec 2024",
            "Documents signed during the Kyrgyz visit of December 2024: signed, Korea and"
            " Kyrgyzstan",
            "external · as of 2024-12-03",
        ],
        [
            "3 Dec 2024",
            "Joint statement on the comprehensive partnership (2024): signed, Korea and Kyrgyzstan",
            "external · as of 2024-12-03",
        ],
    ]
    assert policy_items(page.locator("#policy-timeline .undated > li")) == [
        [
            "",
            "Agreement on Sustainable Trade and Economic Partnership (STEP): negotiating, Korea"
            " and Uzbekistan",
            "¶ 49",
        ],
    ]
    first = page.locator("#policy-timeline .dated > li").first
    assert (
        "by Park Geun-hye · part of New Economic Map of the Korean Peninsula" in first.inner_text()
    )
    # The tree: the New Northern Policy sits under the New Economic Map, under Northeast Asia
    # Plus; footnote 4's source has no URL, so its citation opens the source record.
    nested = page.locator("#initiative-1 > ul > #initiative-2 > ul > #initiative-3")
    assert nested.count() == 1
    cite = nested.locator(":scope > .cite")
    assert cite.inner_text() == "¶ 16 · fn 4" and cite.get_attribute("href") == "/v1/sources/4"
    assert page.locator("#initiative-tree li").count() == 39
    rivals = page.locator("#initiative-tree .link-competes_with_id").evaluate_all(
        "spans => spans.map(s => [s.closest('li').querySelector(':scope > .figure-link').innerText,"
        " s.innerText, s.querySelector('a').getAttribute('href')])"
    )
    assert rivals == [
        [name, "competes with New Northern Policy", "#initiative-3"]
        for name in ("Belt and Road", "Greater Eurasia", "New Silk Road", "Silk Road Diplomacy")
    ]
    explorer.screenshot("explorer-policies", "#policies")
    explorer.assert_clean()


@pytest.mark.browser
def test_a_card_lists_the_new_kinds_for_its_republic(explorer):
    card = explorer.page.locator("article[data-country=KZ]")
    lists = card.locator(".kind-list").evaluate_all(
        "lists => lists.map(l => [l.dataset.kind, [...l.children].map(li => li.innerText)])"
    )
    # The article's records, then those from external pages.
    assert lists[:3] == [
        [
            "indicators",
            [
                "Investor rank (Korea – Kazakhstan): No. 3 ¶ 49",
                "Investor rank (Korea – Kazakhstan): in the top 10 ¶ 51",
                "Uranium import share (Kazakhstan – Korea): about 30% ¶ 51",
                "Workers without permits (Kazakhstan – Korea): about 12,000 people ¶ 55 · fn 17",
                "Investor rank (Korea – Kazakhstan): No. 5, 2023 external · as of 2024-08-16",
                "Partner rank (Korea – Kazakhstan): No. 4, 2023 external · as of 2024-08-16",
                "Investor rank (Korea – Kazakhstan): in the top 5, 2024 external · as of"
                " 2024-06-12",
                "Investor rank (Korea – Kazakhstan): in the top 10, 2024 external · as of"
                " 2024-06-12",
                "Investor rank (Korea – Kazakhstan): No. 6 external",  # its page shows no date
            ],
        ],
        [
            "agreements",
            [
                "Korea and Kazakhstan agreements of 2021: agreed, Korea and Kazakhstan, 2021 ¶ 51"
                " · fn 12",
                "Decree on the Consulate General in Busan: decreed, Kazakhstan and Korea, Aug"
                " 2021 ¶ 7",
                "Foreign ministries' cooperation memorandum for 2023-2024: signed, Korea and"
                " Kazakhstan, 31 May 2023 external · as of 2023-05-31",
                "Foreign ministries' action plan for 2025-2027: signed, Korea and Kazakhstan, 4"
                " Nov 2024 external · as of 2024-11-05",
                "Documents signed at the Astana summit of June 2024: signed, Korea and"
                " Kazakhstan, 12 Jun 2024 external · as of 2024-06-12",
                "Government memoranda adopted at the Astana summit of June 2024: signed, Korea"
                " and Kazakhstan, 12 Jun 2024 external · as of 2024-06-12",
            ],
        ],
        [
            "relations",
            [
                "Recognition: Korea → Kazakhstan ¶ 7",
                "Diplomatic relations: Korea → Kazakhstan, 1992 ¶ 7",
            ],
        ],
    ]
    assert [kind for kind, _items in lists[3:]] == ["projects", "missions", "terms", "person_facts"]
    more = card.locator("details.more")
    assert more.locator("summary").inner_text() == "8 more records"
    more.locator("summary").click()
    assert card.locator(".kind-list[data-kind=terms] li").inner_text() == (
        "N. Nazarbayev, president of Kazakhstan ¶ 74"
    )
    assert card.locator(".kind-list[data-kind=person_facts] li").inner_text() == (
        "N. Nazarbayev: peaceful transfer ¶ 74"
    )
    # Money figures say what they measure and which way they go.
    # The article's investment stock gave way to a later external report; the first half of
    # 2023 (3.5 billion) to the whole year.
    money = card.locator(".money-list li").all_inner_texts()
    assert money == [
        "Agreements signed, 2021: $1.7 billion (commitment, direction not stated) ¶ 51 · fn 12",
        "Trade turnover, 2017: $1.5 billion (two way trade, both ways) external · as of 2021-08-17",
        "Trade turnover, 2019: $4.2 billion (two way trade, both ways) external · as of 2021-08-17",
        "Trade turnover, 2020: $3.08 billion (two way trade, both ways) external · as of"
        " 2021-08-17",
        "Trade turnover, 2022: $6.5 billion (two way trade, both ways) external · as of 2023-08-22",
        "Trade turnover, 2023: about $6 billion (two way trade, both ways) external · as of"
        " 2025-07-25",
        "Trade turnover, 2024: $3.1 billion (two way trade, both ways) external · as of 2025-07-25",
        "Investment stock, –2023: $9.6 billion (stock, one way) external · as of 2024-06-12",
    ]
    explorer.screenshot("explorer-card-kazakhstan", "article[data-country=KZ]")
    explorer.assert_clean()


@pytest.mark.browser
def test_the_table_has_every_cited_kind_with_dates_to_their_precision(browser_context, live):
    kinds = httpx.get(f"{live}/v1/meta").json()["records"]
    visit = Visit(browser_context, f"{live}/?country=UZ&kind=projects")
    page = visit.page
    page.wait_for_selector("body[data-ready='true']")
    options = page.locator("#filter-kind option").evaluate_all(
        "options => options.map(o => [o.value, o.innerText])"
    )
    # Every kind /v1/meta lists, less the frame the records hang on (countries, people, sources).
    assert [value for value, _label in options[1:]] == [
        kind for kind in kinds if kind not in ("countries", "people", "sources")
    ]
    assert [label for _value, label in options] == [
        "All", "Visit", "Summit count", "Project", "Money figure", "Mission", "Diaspora",
        "Organisation", "Forum session", "Indicator", "Initiative", "Agreement", "Relation",
        "Term in office", "Fact about a person",
    ]  # fmt: skip
    dated = [row for row in visible_rows(page) if row[2] in ("Feb 2021", "24 Sep – 5 Oct 2021")]
    assert dated == [
        [
            "Project",
            "Uzbekistan",
            "Feb 2021",
            "Robots and teaching aids donated to preschool institutions",
            "¶ 67 fn 21: " + httpx.get(f"{live}/v1/sources/21").json()["title"],
            httpx.get(f"{live}/v1/sources/21").json()["url"],
        ],
        [
            "Project",
            "Uzbekistan",
            "24 Sep – 5 Oct 2021",
            "Week of Korean Culture",
            "¶ 66 the article",
            ARTICLE_URL,
        ],
    ]
    page.select_option("#filter-country", "")
    page.select_option("#filter-kind", "initiatives")
    rows = visible_rows(page)
    assert len(rows) == 39
    # Undated initiatives first, then the dated ones in order, each to its precision.
    assert [row[2] for row in rows[-5:]] == ["Oct 2013", "2017", "2018", "2020", "7 Jun 2024"]
    assert rows[-5] == [
        "Initiative",
        "—",
        "Oct 2013",
        "New Northern Policy",
        "¶ 16 fn 4: Strategy of the New Northern Policy and Its Restrictive Factors",
        "/v1/sources/4",
    ]
    assert (
        page.locator("#initiatives-3 .facets").inner_text() == "policy · Korea · by Park Geun-hye"
    )
    visit.screenshot("explorer-initiatives", "#records")
    # Every record of every kind carries its citation: a paragraph and a link to its source.
    page.select_option("#filter-kind", "")
    cited = page.locator("#records-table tbody tr").evaluate_all(
        "rows => rows.map(r => [r.querySelector('.cited .para').innerText,"
        " r.querySelector('.cited a').getAttribute('href')])"
    )
    assert len(cited) == RECORDS and all(href for _para, href in cited)
    # The article's records name their paragraph; those from external pages, their locator.
    by_paragraph = Counter(bool(re.fullmatch(r"¶ \d+", para)) for para, _href in cited)
    assert by_paragraph == {True: RECORDS - EXTERNAL, False: EXTERNAL}
    # Every kind of external record shows the day its report stands as of.
    labels = page.locator("#records-table tbody tr .cited a").all_inner_texts()
    external = [label for label in labels if label.startswith("external: ")]
    assert len(external) == EXTERNAL
    dated = Counter(bool(re.search(r" \(as of \d{4}-\d{2}-\d{2}\)$", label)) for label in external)
    assert dated == {True: EXTERNAL - UNDATED, False: UNDATED}
    assert all(para for para, _href in cited)
    visit.assert_clean()
    page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_a_large_database_is_read_in_part_and_says_so(browser_context, fresh_database_url):
    from app.db import make_engine
    from app.seeding import seed
    from app.synth.load import synth
    from tests.conftest import migrate

    migrate(fresh_database_url)
    engine = make_engine(fresh_database_url)
    seed(engine)
    synth(engine, visits=2_600, seed=7)
    try:
        with LiveServer(engine) as base:
            visit = open_explorer(browser_context, base)
            status = visit.page.locator("#status")
            assert status.inner_text() == (
                "Only the first 2,000 records of visits are shown; the API has them all."
            )
            pages = [url for url in visit.fetches if urlsplit(url).path == "/v1/visits"]
            assert len(pages) == 4  # 500 a page, then it stops
            assert visit.page.locator("#cards article").count() == 5  # and still draws
            assert visit.page.locator("#timeline g.visit").count() <= 2_000
            visit.screenshot("explorer-large", full_page=False)
            visit.assert_clean()
            visit.page.close()
    finally:
        engine.dispose()
