"""What a kind's write step collects and returns (services/importing/pipeline.py applies it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

AuditEntry = tuple[str, str, str, dict[str, Any]]  # (action, entity, entity id, detail)
Written = tuple[int, int, int, list[AuditEntry]]  # (new, changed, unchanged, audit entries)


@dataclass
class Writes:
    """What a kind's write step collects before it writes in bulk: the new rows, the changed
    rows (bind names b_*), the audit entries, and how many rows already were as the file says."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    unchanged: int = 0

    def written(self) -> Written:
        return len(self.inserts), len(self.updates), self.unchanged, self.audit

    def change(self, entity: str, old: Mapping[str, Any], new: Mapping[str, Any],
               kept: Mapping[str, Any] | None = None) -> None:
        """The file's values `new` over the stored row `old` (with its "id"): an empty cell keeps
        the stored value; nothing different counts the row unchanged, else it becomes an update
        (bind names b_*, with the `kept` columns as stored) and an audit entry naming the
        changed fields."""
        merged = {c: (old[c] if value is None else value) for c, value in new.items()}
        fields = sorted(c for c in merged if merged[c] != old[c])
        if not fields:
            self.unchanged += 1
            return
        self.updates.append({f"b_{c}": value for c, value in (merged | dict(kept or {})).items()}
                            | {"b_id": old["id"]})
        self.audit.append(("impor-ubah", entity, str(old["id"]), {"fields": fields}))
