"""The embedded default's outgoing mail: one .eml file per message, named by recipient and subject.

Django's file backend names a file by time and process and appends every message of a connection to
it; here each message is a file of its own, which any mail client opens:
``20261129-132741-focal-tpcc@example.org-recommendation-tracker-3-items-need-attention.eml``.
"""

import datetime
import os
import re
from email.utils import parseaddr

from django.core.mail.backends import filebased
from django.utils.text import slugify

# Each part's bound, in UTF-8 bytes: a Chinese subject takes three per character, and most file
# systems allow 255 bytes in a name.
PART_BYTES = 80
_UNSAFE = re.compile(r"[^\w.@+-]+")


class EmailBackend(filebased.EmailBackend):
    """Writes each message to a file of its own under ``EMAIL_FILE_PATH``."""

    def open(self) -> bool:
        return False  # no file per connection: each message opens its own

    def close(self) -> None:
        pass

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            try:
                self._write(message)
            except OSError:
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent

    def _write(self, message) -> None:
        data = message.message().as_bytes()
        stem = "-".join(
            (
                datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S"),
                _bounded(_recipient(message)) or "nobody",
                _bounded(slugify(message.subject, allow_unicode=True)) or "no-subject",
            )
        )
        for n in range(1, 1000):
            name = f"{stem}.eml" if n == 1 else f"{stem}-{n}.eml"
            try:
                # "x": created here or not at all, so two processes never write into one file.
                with open(os.path.join(self.file_path, name), "xb") as file:
                    file.write(data)
                return
            except FileExistsError:
                continue
        raise FileExistsError(f"no free file name for {stem}.eml")


def _recipient(message) -> str:
    recipients = message.recipients()
    address = parseaddr(recipients[0])[1] if recipients else ""
    # Letters, digits and . @ + - only; no leading dot, so never a hidden file or "..".
    return _UNSAFE.sub("-", address.lower()).strip(".-")


def _bounded(part: str) -> str:
    while len(part.encode()) > PART_BYTES:
        part = part[:-1]
    return part.strip(".-")
