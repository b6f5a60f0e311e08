"""A password hasher for the tests: Django's PBKDF2 with one iteration instead of a million.

Every user a test makes has a password, and hashing one costs half a second on CI's machine: for
the suite, minutes. The hashes it makes are ordinary ``pbkdf2_sha256`` hashes that carry their
iteration count, so the service's own hashers verify them in any process a test starts.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class OneIterationPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1
