"""The dashboard's response headers: what a browser may load, frame, leak and keep.

Every page gets a Content-Security-Policy that allows only the dashboard's own stylesheet and images (no
script at all, no frames of it anywhere: clickjacking), no Referer leaving the site, and no MIME sniffing.
Everything but the static stylesheet is `Cache-Control: no-store`: results, round pages and exports are about
people and must not stay in a shared computer's browser cache or a proxy after signing out.
"""

from __future__ import annotations

from flask import Flask, Response, request

# style-src-attr: the heatmap colours its cells with style attributes; no <style> element or script runs.
CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'none'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # for browsers that do not know frame-ancestors
}


def install(app: Flask) -> None:
    """Send the headers with every response of `app`, errors and redirects included."""
    static = app.static_url_path or "/static"

    @app.after_request
    def protect(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.path.startswith(static + "/"):
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response
