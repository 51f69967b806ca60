"""Issue 13 point 8: the article (source 0) links to its publisher, and /v1/meta says why the
link is the publisher's home page rather than the article's own address."""


def test_the_article_and_meta_give_the_same_link_and_say_it_is_the_home_page(client):
    article = client.get("/v1/sources/0").json()
    assert article["url"] == "https://cabar.asia/"
    meta = client.get("/v1/meta").json()
    assert meta["article"]["url"] == article["url"]
    assert meta["article"]["url_note"].startswith("The publisher's home page: no stored copy")
    assert meta["cite_as"].endswith(
        "“Central Asia and South Korea: Seeking Opportunities for Increased Cooperation”, "
        "CABAR.asia (Central Asian Bureau for Analytical Reporting), https://cabar.asia/."
    )
