"""The rows of bench/scale_data.py, as tuples in each table's column order: no database, no Django.

Skewed as a UN-wide tracker is: the bodies ranked by a Zipf law (the fixture's bodies first: the
Security Council and the Secretariat own most items); about three items in four closed; of the open
ones, about two in five overdue and one in four stale. One random generator, seeded: the same
parameters give the same rows.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

# Bumped whenever the rows change: bench/scale_data.py rebuilds a database filled by another version.
VERSION = 1

PARAGRAPHS_PER_DOCUMENT = 100
LANGUAGES = ("en", "zh")

VERBS = ("requests", "recommends", "urges", "encourages", "calls upon", "invites", "stresses", "notes with concern")
ACTIONS = ("strengthen", "review", "report on", "establish", "improve", "expand", "evaluate", "coordinate")
OBJECTS = ("the protection of civilians", "gender parity in field missions", "its early-warning capacity",
           "the safety of peacekeepers", "the mandate of the mission", "reporting on sexual violence",
           "cooperation with regional organisations", "the budget of the operation")  # fmt: skip
ZH = ("加强平民保护", "审查特派团任务", "改进预警能力", "确保维和人员安全", "加强与区域组织合作")
TIME_ZONES = ("UTC", "America/New_York", "Europe/Geneva", "Africa/Nairobi", "Asia/Shanghai", "Asia/Bangkok")

# (value, weight): what the status of an item is once a report has been followed for years.
STATUSES = (("implemented", 60), ("not_implemented", 8), ("superseded", 4), ("withdrawn", 4),
            ("open", 12), ("in_progress", 10), ("proposed", 1), ("dismissed", 1))  # fmt: skip
RESPONSES = (("accepted", 60), ("partially_accepted", 15), ("noted", 15), ("not_accepted", 5), ("pending", 5))
KINDS = (("recommendation", 70), ("conclusion", 10), ("concern", 10), ("suggestion", 5), ("emphasis", 5))
OPEN = ("open", "in_progress")
UNREVIEWED = ("proposed", "dismissed")


@dataclass(frozen=True)
class Scale:
    documents: int
    items: int
    people: int
    bodies: int = 200  # generated ones, besides fixtures/bodies.yaml's
    seed: int = 13


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _picker(rng: random.Random, table: tuple[tuple[str, int], ...]):
    values, weights = zip(*table, strict=True)
    cum = list(itertools.accumulate(weights))
    return lambda: rng.choices(values, cum_weights=cum)[0]


def zipf_weights(count: int, exponent: float = 1.3) -> list[float]:
    """Cumulative weights of ranks 1..count under a Zipf law: rank r is drawn ∝ 1/r^exponent."""
    return list(itertools.accumulate(1 / rank**exponent for rank in range(1, count + 1)))


def bodies(first_id: int, count: int) -> Iterator[tuple]:
    """(id, code, name_en, name_zh, abbreviation, aliases_zh, aliases_en, parent_id): missions and agencies."""
    for n in range(count):
        yield (first_id + n, f"m{n:04d}", f"Mission {n}", f"特派团{n}", "", "[]", "[]", None)


def documents(scale: Scale, now: datetime.datetime, rng: random.Random) -> Iterator[tuple[tuple, tuple, tuple, list]]:
    """Per document: its row, its text's row, its one section's row and its paragraphs' rows.

    Ids are numbered from 1 in order: document n's section is n, its paragraphs follow each other.
    """
    for n in range(scale.documents):
        doc_id = n + 1
        symbol = f"S/{1990 + n % 36}/{100 + n}"
        paragraphs, offset, parts = [], 0, []
        for number in range(1, PARAGRAPHS_PER_DOCUMENT + 1):
            text = (
                f"{number}. The Security Council {rng.choice(VERBS)} the Secretary-General to "
                f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} and to {rng.choice(ACTIONS)} {rng.choice(OBJECTS)}."
            )
            para_id = n * PARAGRAPHS_PER_DOCUMENT + number
            paragraphs.append((para_id, number, text, sha(text), "[]", offset, offset + len(text), doc_id, doc_id))
            parts.append(text)
            offset += len(text) + 2
        text = "\n\n".join(parts)
        date = datetime.date(1990 + n % 36, 1 + n % 12, 1 + n % 28)
        document = (doc_id, symbol, LANGUAGES[n % 2], "en", f"Report of the Secretary-General ({symbol})", date,
                    "Security Council", "", sha(text), now)  # fmt: skip
        section = (doc_id, "chapter", "I", "Recommendations", None, 1, "[]", "[]", doc_id, None)
        yield document, (doc_id, text), section, paragraphs


def items(scale: Scale, paragraphs: list[tuple[int, int, str]], body_ids: list[int], now: datetime.datetime,
          rng: random.Random) -> Iterator[tuple[tuple, list[tuple], tuple]]:  # fmt: skip
    """Per item: its row, its owners' rows (1–3 distinct bodies, the lead first) and its first event's row.

    ``paragraphs``: (paragraph id, document id, text) in id order. Item n goes to paragraph
    n mod P at position n div P + 1: (paragraph, seq) is unique by construction.
    """
    status_of, response_of, kind_of = _picker(rng, STATUSES), _picker(rng, RESPONSES), _picker(rng, KINDS)
    cum = zipf_weights(len(body_ids))
    today = now.date()
    day, owner_id = datetime.timedelta(days=1), 0
    for n in range(scale.items):
        item_id = n + 1
        para_id, doc_id, text = paragraphs[n % len(paragraphs)]
        seq = n // len(paragraphs) + 1
        # Each position quotes its own span of the paragraph.
        start = (seq - 1) * 17 % max(len(text) - 60, 1)
        end = min(start + 60, len(text))
        quote = text[start:end]
        status = status_of()
        r = rng.random()
        if status in OPEN:
            # Two in five overdue, one in ten without a due date, the rest due within a year and a half.
            due = today - rng.randint(1, 400) * day if r < 0.4 else today + rng.randint(1, 540) * day
            due = None if 0.4 <= r < 0.5 else due
            active = now - rng.randint(0, 29) * day if rng.random() < 0.75 else now - rng.randint(31, 300) * day
        elif status in UNREVIEWED:
            due, active = None, now - rng.randint(0, 60) * day
        else:
            due = today - rng.randint(30, 3650) * day if r < 0.9 else None
            active = now - rng.randint(30, 3650) * day
        created = active - rng.randint(0, 365) * day
        response = "pending" if status in UNREVIEWED else response_of()
        progress = rng.randint(5, 95) if status == "in_progress" else 100 if status == "implemented" else None
        summary = f"{rng.choice(ACTIONS).capitalize()} {rng.choice(OBJECTS)}"
        summary_zh = rng.choice(ZH) if rng.random() < 0.3 else ""
        priority = 3 if r > 0.9 else 1 if r < 0.2 else 2
        yield (
            (item_id, "", seq, kind_of(), status, response, quote, start, end, sha(quote), "", summary, summary_zh,
             due, priority, progress, False, 1, active, created, active, doc_id, None, para_id),
            _owners(rng, cum, body_ids, item_id, owner_id),
            # Version 1's event: as the import (proposed) or a reviewed list (any other status) loads an item.
            (item_id, "status", created, "import" if status in UNREVIEWED else "curated", "",
             status, "", None, "", "", 1, None, item_id),
        )  # fmt: skip
        owner_id += 3  # room for three owners each: ids stay unique without counting


def _owners(rng: random.Random, cum: list[float], body_ids: list[int], item_id: int, base: int) -> list[tuple]:
    wanted = 1 if (r := rng.random()) < 0.6 else 2 if r < 0.9 else 3
    chosen: list[int] = []
    while len(chosen) < min(wanted, len(body_ids)):
        body = rng.choices(body_ids, cum_weights=cum)[0]
        if body not in chosen:
            chosen.append(body)
    return [(base + i + 1, "lead" if i == 0 else "supporting", body, item_id) for i, body in enumerate(chosen)]


def people(scale: Scale, body_ids: list[int], now: datetime.datetime, rng: random.Random) -> Iterator[tuple]:
    """Per person: the user's row, its memberships' rows and its preference row (None: the defaults).

    Each body gets a focal point first (its lead), the rest go to bodies by the same Zipf law as items;
    one in ten is a focal point of a second body too.
    """
    cum = zipf_weights(len(body_ids))
    membership_id = 0
    for n in range(scale.people):
        user_id = n + 1
        user = (user_id, "!bench", None, False, f"fp{n:06d}", f"Focal{n}", "Point", f"fp{n}@example.org",
                True, True, now - rng.randint(0, 3650) * datetime.timedelta(days=1))  # fmt: skip
        bodies_of = [body_ids[n]] if n < len(body_ids) else [rng.choices(body_ids, cum_weights=cum)[0]]
        if rng.random() < 0.1:
            other = rng.choices(body_ids, cum_weights=cum)[0]
            if other not in bodies_of:
                bodies_of.append(other)
        memberships = []
        for body in bodies_of:
            membership_id += 1
            memberships.append((membership_id, "lead" if n < len(body_ids) else "member", body, user_id))
        preference = None
        if rng.random() < 0.7:
            preference = (user_id, "zh-hans" if rng.random() < 0.4 else "en", rng.choice(TIME_ZONES),
                          "daily" if rng.random() < 0.2 else "weekly", rng.randint(0, 6), rng.randint(6, 10),
                          rng.random() < 0.03, None, rng.random() < 0.2, user_id, 0)  # fmt: skip
        yield user, memberships, preference
