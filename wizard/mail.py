"""Outgoing e-mail through SMTP (or printed to the console in development), and the
absolute links they carry."""

import smtplib
import sys
from email.message import EmailMessage

from flask import current_app, has_request_context, url_for

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
    """Absolute link for an e-mail: PUBLIC_URL + path, else the request's host.

    Works outside a request too (CLI, tests), from PUBLIC_URL or localhost."""
    base = current_app.config.get("PUBLIC_URL")
    if has_request_context():
        if not base:
            return url_for(endpoint, _external=True, **values)
        return base.rstrip("/") + url_for(endpoint, **values)
    with current_app.test_request_context():
        path = url_for(endpoint, **values)
    return (base or "http://localhost").rstrip("/") + path
