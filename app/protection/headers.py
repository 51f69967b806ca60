"""Security headers on every answer: no MIME sniffing, no referrer leaks, a Content-Security-
Policy that forbids everything for JSON and only what the docs pages need for them."""

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


def _raw(policy: str) -> tuple[list[tuple[bytes, bytes]], tuple[bytes, bytes]]:
    fixed = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    ]
    return fixed, (b"content-security-policy", policy.encode())


RAW = {policy: _raw(policy) for policy in (JSON_POLICY, DOCS_POLICY, SITE_POLICY)}


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
        fixed, csp = RAW[policy]

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                # Raw header pairs, appended once: this runs on every answer.
                headers = list(message.get("headers", ()))
                headers += fixed
                if not any(name.lower() == csp[0] for name, _ in headers):
                    headers.append(csp)  # /redoc sets its own (a nonce)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
