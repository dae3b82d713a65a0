"""Deterministic randomness keyed by strings: the same (seed, site, key) gives the same value in every process."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def h(*parts: object) -> int:
    """A 64-bit hash of the parts, stable across processes (unlike hash())."""
    key = "\x1f".join(map(str, parts)).encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


def rng(*parts: object) -> random.Random:
    return random.Random(h(*parts))


def pick(seq: Sequence[T], *parts: object) -> T:
    return seq[h(*parts) % len(seq)]
