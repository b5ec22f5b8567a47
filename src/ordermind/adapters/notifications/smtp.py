"""Sending e-mail over SMTP (smtplib): plain, STARTTLS or implicit TLS, with a login when
configured. Failures are sorted into ones worth retrying and permanent ones."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from .settings import SmtpSettings


class SendFailed(Exception):
    def __init__(self, error: str, permanent: bool) -> None:
        super().__init__(error)
        self.error = error
        self.permanent = permanent


def _classify(exc: Exception) -> SendFailed:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        text = "; ".join(f"{c} {m.decode(errors='replace')}" for c, m in exc.recipients.values())
        # 5xx for the recipient: the address will not work on a retry either
        return SendFailed(f"recipient refused: {text}", all(c >= 500 for c in codes))
    if isinstance(exc, smtplib.SMTPNotSupportedError):  # e.g. no SMTPUTF8 for the address
        return SendFailed(f"SMTP server cannot take this message: {exc}", True)
    if isinstance(exc, smtplib.SMTPResponseException):
        message = (
            exc.smtp_error.decode(errors="replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        # Only a refusal of this message is permanent; a refused login or sender is the
        # installation's to fix, and retrying after that fix should still deliver.
        permanent = exc.smtp_code >= 500 and isinstance(exc, smtplib.SMTPDataError)
        return SendFailed(f"SMTP {exc.smtp_code} {message}", permanent)
    return SendFailed(f"{type(exc).__name__}: {exc}", False)  # connection, TLS, timeout


class SmtpSender:
    """One SMTP conversation per message: nothing to keep alive between passes."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    @property
    def sender(self) -> str:
        return self.settings.sender

    def send(self, message: EmailMessage) -> None:
        s = self.settings
        try:
            if s.security == "ssl":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=ssl.create_default_context()
                )
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            with client:
                if s.security == "starttls":
                    client.starttls(context=ssl.create_default_context())
                if s.user is not None:
                    client.login(s.user, s.password or "")
                client.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise _classify(exc) from None
