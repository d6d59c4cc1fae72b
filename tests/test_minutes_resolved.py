"""Bullets under "RESOLVED that Council:" add whom they empower to the decision's owners (annot-d: the
deciding body "plus any officer given delegated authority or a direction")."""
from __future__ import annotations

from .test_minutes_prose import items


def test_a_bullet_under_resolved_that_council_adds_whom_it_empowers():
    lines = ["304. Joint Committee Terms of Reference (Item 13)", "3) RESOLVED that Council:", "",
             "• Agrees the revised Terms of Reference as set out in Appendix A; and", "",
             "• Delegates to the Monitoring Officer to make the necessary changes to the Constitution.",
             "305. Pay Policy Statement (Item 14)"]
    ((kind, text, owners),) = items(lines)
    assert kind == "decision" and text.endswith("changes to the Constitution.")
    assert owners == ["Council", "Monitoring Officer"]
