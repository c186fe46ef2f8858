"""Escrow backoff and quarantine (entra-behavior.md §2.9, §6.4; Microsoft Learn "Application provisioning in
quarantine status" and Graph ``synchronizationQuarantine``).

- Escrow: a failed object is retried in later cycles "with gradually decreasing frequency"; the log says "This
  operation was retried N times. It will be retried again after this date: <UTC>". The backoff itself is not
  documented (UNSURE): ``escrow_backoff`` seconds doubled per failure, capped at ``escrow_backoff_max``.
- Quarantine thresholds ("subject to change"): evaluation starts at 5,000 failures; quarantine when more than
  40 % of the provisioning events fail or more than 40,000 objects fail, reference failures (manager, members)
  excluded from both; and at more than 60,000 failures counting references. Multiplied by ``quarantine_scale``.
- Credential and SCIM-compliance failures (the cycle's test connection fails) quarantine regardless of counts
  (``EncounteredQuarantineException``); too many deletes quarantine with ``TooManyDeletes``.
- Retries while quarantined: 6 h, then 12 h and 24 h after the first failure, then every 24 h; after 28 days the
  job is disabled. Any successful cycle lifts quarantine.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from idcore.clock import isoformat, parse_iso

__all__ = [
    "DISABLE_AFTER",
    "backoff",
    "enter_quarantine",
    "escrow_reason",
    "quarantine_expired",
    "retry_text",
]

BASE_THRESHOLD = 5_000
FAILURE_THRESHOLD = 40_000
TOTAL_THRESHOLD = 60_000
PROPORTION = 0.40
#: After this long in quarantine the job is disabled (§6.4: "> 4 weeks"; the retries run "for 28 days").
DISABLE_AFTER = timedelta(days=28)
_FIRST_RETRIES = (timedelta(hours=6), timedelta(hours=12), timedelta(hours=24))


def backoff(settings: Any, failures: int) -> float:
    """Return the seconds before an object that failed ``failures`` times is tried again."""
    base = float(settings.escrow_backoff)
    return min(base * 2 ** max(0, failures - 1), float(settings.escrow_backoff_max))


def retry_text(failures: int, when: datetime) -> str:
    """Return the sentence Entra adds to an escrowed object's error (S6; 1Password/scim-examples#82)."""
    return (
        f"This operation was retried {failures - 1} times. It will be retried again after this date: "
        f"{isoformat(when)}"
    )


def escrow_reason(failures: int, references: int, events: int, scale: float) -> str | None:
    """Return the quarantine reason the escrow counts call for, or None.

    ``failures`` are the objects in escrow (references excluded), ``references`` the reference failures,
    ``events`` the provisioning events of the cycle (objects tried).
    """
    if failures + references > TOTAL_THRESHOLD * scale:
        return "EncounteredTotalEscrowThreshold"
    if failures < BASE_THRESHOLD * scale:
        return None
    if failures > FAILURE_THRESHOLD * scale:
        return "EncounteredBaseEscrowThreshold"
    if events and failures / events > PROPORTION:
        return "EncounteredEscrowProportionThreshold"
    return None


def enter_quarantine(
    current: dict[str, Any] | None, reason: str, now: datetime, error: dict[str, Any] | None
) -> dict[str, Any]:
    """Return the Graph ``synchronizationQuarantine`` after a failed cycle: a new series, or the next retry."""
    if current and current.get("seriesBegan"):
        began = parse_iso(current["seriesBegan"])
        count = int(current.get("seriesCount", 0)) + 1
        current_began = current.get("currentBegan") if current.get("reason") == reason else isoformat(now)
    else:
        began, count, current_began = now, 1, isoformat(now)
    return {
        "currentBegan": current_began,
        "nextAttempt": isoformat(_next_attempt(began, count, now)),
        "reason": reason,
        "seriesBegan": isoformat(began),
        "seriesCount": count,
        "error": error,
    }


def _next_attempt(began: datetime, count: int, now: datetime) -> datetime:
    """6 h after the first failure, then 12 h and 24 h after it, then every 24 h."""
    if count <= len(_FIRST_RETRIES):
        return began + _FIRST_RETRIES[count - 1]
    return max(now, began + _FIRST_RETRIES[-1] + timedelta(hours=24) * (count - len(_FIRST_RETRIES)))


def quarantine_expired(quarantine: dict[str, Any] | None, now: datetime) -> bool:
    """Return True when the series has lasted longer than 28 days (the job is then disabled)."""
    if not quarantine or not quarantine.get("seriesBegan"):
        return False
    return now - parse_iso(quarantine["seriesBegan"]) > DISABLE_AFTER
