"""The pledge's canonical signed content, its fingerprint and its seal: pure functions of plain values.

A signer commits to the canonical content of one version of a pledge: everything that defines it (group,
year, version, text, items with their targets and campaigns, the scoring table), never its status or its
signatures. Each signature carries the SHA-256 fingerprint of that content; when the chair signs last, the
pledge is locked with a seal, a keyed hash (HMAC-SHA256 under SECRET_KEY) of the fingerprint and of every
signature, so that altering a signer's name is detected too. A signature on paper is part of that record with
the SHA-256 of its scanned signed page (`_seal_row`).

Nothing here reads or writes the database: the signing services (`emulation.services.signing`) pass the rows
they read, the scale generator (`emulation.scale`) the rows it is about to load, and both get the same
fingerprint and seal. Changing anything here changes every fingerprint: the seals and signatures already
given would no longer verify.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

__all__ = [
    "FORMAT",
    "SEAL_SALT",
    "SealedSignature",
    "canonical_content",
    "fingerprint",
    "seal",
    "seal_intact",
    "seal_payload",
]

#: The version of the canonical content's layout, part of the content itself.
FORMAT = 1
SEAL_SALT = "emulation.pledge.seal"


def _text(value) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip()


def _amount(value) -> str:
    return f"{Decimal(value):.2f}"


def canonical_content(
    *, pledge: Mapping, group_name: str, items: Iterable[Mapping], criteria: Iterable[Mapping]
) -> dict:
    """The content a signer commits to.

    pledge: group_id, year, version, title, preamble, place, and ceremony_date (a date or None; optional).
    The ceremony date is part of the content only when set, so that the content of versions sealed before
    pledges had one (and of pledges without one) is unchanged and their fingerprints still verify.
    items: number, title, body, campaigns (ids), targets (indicator, unit_of_measure, target_value, order, id);
    items are taken by number, the targets of an item by order then id, the campaigns by id.
    criteria: section, code, title, max_points, kind, rule_text, in the scoring table's order (order, then code).
    """
    content = {
        "format": FORMAT,
        "group": {"id": pledge["group_id"], "name": _text(group_name)},
        "year": pledge["year"],
        "version": pledge["version"],
        "title": _text(pledge["title"]),
        "preamble": _text(pledge["preamble"]),
        "place": _text(pledge["place"]),
        "items": [
            {
                "number": item["number"],
                "title": _text(item["title"]),
                "body": _text(item["body"]),
                "campaigns": sorted(item["campaigns"]),
                "targets": [
                    {
                        "indicator": _text(target["indicator"]),
                        "unit_of_measure": _text(target["unit_of_measure"]),
                        "target_value": _amount(target["target_value"]),
                    }
                    for target in sorted(item["targets"], key=lambda target: (target["order"], target["id"]))
                ],
            }
            for item in sorted(items, key=lambda item: item["number"])
        ],
        "criteria": [
            {
                "section": _text(criterion["section"]),
                "code": _text(criterion["code"]),
                "title": _text(criterion["title"]),
                "max_points": _amount(criterion["max_points"]),
                "kind": criterion["kind"],
                "rule_text": _text(criterion["rule_text"]),
            }
            for criterion in criteria
        ],
    }
    if pledge.get("ceremony_date"):
        content["ceremony_date"] = pledge["ceremony_date"].isoformat()
    return content


def fingerprint(content: dict) -> str:
    """SHA-256 (hex) of the canonical JSON of `canonical_content`'s result."""
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class SealedSignature(Protocol):
    """What the seal covers of one signature (a `PledgeSignature` has it all; one on paper also its
    `paper_signed_on` and `scan_sha256`)."""

    pk: int
    unit_id: int
    signer_id: int | None
    signer_name: str
    position: str
    signed_at: datetime.datetime
    fingerprint: str


def seal_payload(
    *, pledge_id: int, version: int, content_fingerprint: str, signatures: Iterable[SealedSignature]
) -> str:
    """The text the seal hashes: the pledge, its version, the content's fingerprint and every signature in the
    order they were given (signed_at, then id). `signed_at` must be aware, as read back from the database."""
    rows = [_seal_row(s) for s in sorted(signatures, key=lambda s: (s.signed_at, s.pk))]
    return json.dumps([pledge_id, version, content_fingerprint, rows], ensure_ascii=False)


def _seal_row(s: SealedSignature) -> list:
    """One signature as the seal covers it. A signature on paper (no account: `signer_id` None) adds what
    proves it: "paper", the day it was signed and the SHA-256 of its scanned page; an online one is as it
    always was, so the seals given before paper signatures existed still verify."""
    row = [s.unit_id, s.signer_id, _text(s.signer_name), _text(s.position), s.signed_at.isoformat(), s.fingerprint]
    scan_sha256 = getattr(s, "scan_sha256", "")
    if scan_sha256:
        signed_on = getattr(s, "paper_signed_on", None)
        row.append(["paper", signed_on.isoformat() if signed_on else "", scan_sha256])
    return row


def seal(
    *,
    pledge_id: int,
    version: int,
    content_fingerprint: str,
    signatures: Iterable[SealedSignature],
    secret: str | None = None,
) -> str:
    """HMAC-SHA256 (hex) of `seal_payload`, keyed with `secret` (SECRET_KEY by default)."""
    payload = seal_payload(
        pledge_id=pledge_id, version=version, content_fingerprint=content_fingerprint, signatures=signatures
    )
    return salted_hmac(SEAL_SALT, payload, secret=secret, algorithm="sha256").hexdigest()


def seal_intact(
    stored: str, *, pledge_id: int, version: int, content_fingerprint: str, signatures: Iterable[SealedSignature]
) -> bool:
    """Whether the stored seal matches the one recomputed now, under SECRET_KEY or one of its fallbacks."""
    if not stored:
        return False
    signatures = list(signatures)
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(
        constant_time_compare(
            stored,
            seal(
                pledge_id=pledge_id,
                version=version,
                content_fingerprint=content_fingerprint,
                signatures=signatures,
                secret=secret,
            ),
        )
        for secret in secrets
    )
