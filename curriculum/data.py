"""Plain data handed from ``curriculum`` to its readers (``lms`` and templates): no models leak
out through these."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString


@dataclass(frozen=True, slots=True)
class AgendaItem:
    block_id: str
    title: str
    minutes: int
    method: str
    method_label: str
    starts_at_minute: int
    instructions_html: SafeString
    tips: str

    @property
    def ends_at_minute(self) -> int:
        return self.starts_at_minute + self.minutes
