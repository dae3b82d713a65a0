"""The web dashboard: `create_app(engine, WebSettings)` and `serve(app, host, port, on_ready)`."""

from reports.web.app import WebSettings, create_app
from reports.web.auth import PasswordError, hash_password
from reports.web.server import serve

__all__ = ["PasswordError", "WebSettings", "create_app", "hash_password", "serve"]
