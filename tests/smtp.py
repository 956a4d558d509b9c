"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the tests of mail."""

from aiosmtpd.controller import Controller

from tests.ops.subprocesses import free_port


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def start(inbox=None) -> tuple[Controller, Inbox]:
    """A started server on a free loopback port and its inbox; the caller stops the controller."""
    inbox = inbox or Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, inbox


def mailers_for(port: int) -> dict:
    """settings.MAILERS that send the site's mail to the server on `port`."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
