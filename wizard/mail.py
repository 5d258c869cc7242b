"""Outgoing e-mail through SMTP (or printed to the console in development), and the
absolute links they carry."""

import smtplib
import sys
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app

from config import check_public_url

# Messages "sent" with MAIL_BACKEND=memory (tests read them here).
outbox: list[EmailMessage] = []


def send_mail(to: list[str] | str, subject: str, body: str) -> EmailMessage:
    """Send a plain-text French e-mail; returns the message. SMTP errors propagate."""
    cfg = current_app.config
    message = EmailMessage()
    message["From"] = cfg["MAIL_SENDER"]
    message["To"] = ", ".join([to] if isinstance(to, str) else to)
    message["Subject"] = " ".join(subject.split())  # one line, whatever the title holds
    message.set_content(body)
    backend = cfg["MAIL_BACKEND"]
    if backend == "memory":
        outbox.append(message)
    elif backend == "console":
        print(f"--- courriel ---\n{message}\n--- fin ---", file=sys.stderr, flush=True)
    else:
        _send_smtp(message, cfg)
    return message


def _send_smtp(message: EmailMessage, cfg) -> None:
    smtp_class = smtplib.SMTP_SSL if cfg["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=10) as smtp:
        if cfg["MAIL_USE_TLS"] and not cfg["MAIL_USE_SSL"]:
            smtp.starttls()
        if cfg["MAIL_USERNAME"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def external_url(endpoint: str, **values) -> str:
    """Absolute link for an e-mail, always on PUBLIC_URL.

    Never built from the request: its Host header is chosen by the client, and a forged one
    would send a reset link (with its token) to the attacker's site. Same result inside or
    outside a request (CLI, tests)."""
    base = urlsplit(check_public_url(current_app.config.get("PUBLIC_URL")))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
