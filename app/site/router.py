"""`/` (the explorer), `/docs` (Swagger UI), `/redoc` and their static files.

Every script and style sheet is served from `app/site/static`, so the pages work without a
network and under a Content-Security-Policy that allows only this origin. The docs pages are our
own small HTML files rather than FastAPI's `get_swagger_ui_html` / `get_redoc_html`: those put
an inline `<script>` (Swagger UI's settings) or an inline `<style>` in the page, which such a
policy refuses. ReDoc writes its styles at run time; /redoc allows them by a per-page nonce.
"""

import secrets
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from app.openapi import CURATION_DOCUMENT_URL, DOCUMENT_URL
from app.protection.headers import docs_policy_with_style_nonce
from app.routing import new_router, serve

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
STATIC_URL = "/static"


def _page(name: str, **values: str) -> str:
    """A template with `{{name}}` placeholders; values are our own constants, not user input."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def site_router(title: str, version: str) -> APIRouter:
    """The docs pages show the whole contract, curator writes included (each marked as needing a
    token); their links offer both documents."""
    router = new_router(include_in_schema=False)
    common = {
        "title": title,
        "version": version,
        "openapi_url": CURATION_DOCUMENT_URL,
        "read_openapi_url": DOCUMENT_URL,
        "static": STATIC_URL,
    }
    explorer = _page("explorer.html", **common)
    swagger = _page("swagger.html", **common)
    redoc = _page("redoc.html", **common)
    oauth2_redirect = _page("oauth2-redirect.html", **common)

    @router.get("/", response_class=HTMLResponse)
    def explorer_page() -> HTMLResponse:
        return HTMLResponse(explorer)

    @router.get("/docs", response_class=HTMLResponse)
    def swagger_page() -> HTMLResponse:
        return HTMLResponse(swagger)

    @router.get("/docs/oauth2-redirect", response_class=HTMLResponse)
    def swagger_oauth2_redirect() -> HTMLResponse:
        return HTMLResponse(oauth2_redirect)

    @router.get("/redoc", response_class=HTMLResponse)
    def redoc_page() -> HTMLResponse:
        nonce = secrets.token_urlsafe(18)
        return HTMLResponse(
            redoc.replace("{{nonce}}", nonce),
            headers={
                "Content-Security-Policy": docs_policy_with_style_nonce(nonce),
                "Cache-Control": "no-store",  # a nonce is good for one page only
            },
        )

    return router


def install_site(app: FastAPI) -> None:
    """Mounts the static files and adds the pages; call after `FastAPI(docs_url=None, ...)`."""
    app.mount(STATIC_URL, StaticFiles(directory=STATIC), name="static")
    serve(app, site_router(app.title, app.version))
