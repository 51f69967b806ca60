"""Security headers on every answer: no MIME sniffing, no referrer leaks, a Content-Security-
Policy that forbids everything for JSON and only what the docs pages need for them."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Receive, Scope, Send

JSON_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
# The docs and the explorer load everything from this origin (app/site/static); Swagger UI's
# style sheet draws its icons as data: images and ReDoc runs its search in a blob: worker.
DOCS_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)
DOCS_PATHS = ("/docs", "/redoc")


def docs_policy_with_style_nonce(nonce: str) -> str:
    """ReDoc writes its styles into <style> elements at run time; it tags them with a per-page
    nonce, which is allowed instead of 'unsafe-inline'."""
    return DOCS_POLICY.replace("style-src 'self';", f"style-src 'self' 'nonce-{nonce}';")


SITE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path == "/":
            policy = SITE_POLICY
        elif path.startswith(DOCS_PATHS):
            policy = DOCS_POLICY
        else:
            policy = JSON_POLICY

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                if "content-security-policy" not in headers:  # /redoc sets its own (a nonce)
                    headers["Content-Security-Policy"] = policy
                headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, send_with_headers)
