"""The public surface of ``curriculum`` for ``lms``: functions in, plain dataclasses out."""

from __future__ import annotations

from curriculum.blocks.facilitation import AgendaMethod
from curriculum.data import AgendaItem
from curriculum.markdown import render_markdown
from curriculum.models import SessionPage

_METHOD_LABELS = dict(AgendaMethod.choices)


def session_agenda(*, session: SessionPage) -> list[AgendaItem]:
    """The facilitator guide's timed agenda, with each activity's start minute."""
    items: list[AgendaItem] = []
    start = 0
    for block in session.facilitator_guide:
        if block.block_type != "agenda_item":
            continue
        value = block.value
        minutes = value["minutes"] or 0
        items.append(
            AgendaItem(
                block_id=block.id,
                title=value["title"],
                minutes=minutes,
                method=value["method"],
                method_label=str(_METHOD_LABELS.get(value["method"], value["method"])),
                starts_at_minute=start,
                instructions_html=render_markdown(value["instructions"]),
                tips=value["tips"],
            )
        )
        start += minutes
    return items
