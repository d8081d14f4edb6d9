"""Rows read from the workbook -> a canvas document (a plain dict the model then validates).

Rows are tied to groups by the hidden group id; where that is missing (a row someone added) by the
group's name. A row whose group was deleted from the Groups sheet goes with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from canvas.core.model import new_id
from canvas.outputs.excel import layout as S
from canvas.outputs.excel.read.cells import BAD
from canvas.outputs.excel.read.reader import Reader, SheetRow

DROP = "drop"

# Where an error in a field is pointed to: field -> the column it is read from.
ITEM_SOURCES = {  # a job, pain, gain, reliever or creator (a line of the VTC sheet)
    "text": "text",
    "kind": "job_kind",
    "importance": "rank",
    "severity": "rank",
    "id": "ref",
    "pain_ids": "links",
    "gain_ids": "links",
}
PROPOSITION_SOURCES = {
    "why_for_group": "why_for_group",
    "what": "what",
    "proof_points": "proof_1",
    "addresses": "addresses",
}


KEYS = S.BUSINESS  # only the columns' keys are read here: the same in every wording


def ok(value: Any) -> bool:
    return value is not BAD and value is not None


def _put(target: dict[str, Any], key: str, value: Any, optional: bool = False) -> None:
    """Set a field from a cell; blank required numbers fall back to the model's default."""
    if value is BAD:
        return
    if value is None and not optional:
        return
    target[key] = value


class Assembler:
    def __init__(
        self, reader: Reader, settings: dict[str, Any], tables: dict[str, list[SheetRow]]
    ) -> None:
        self.reader = reader
        self.settings = settings
        self.tables = tables
        self.groups: list[dict[str, Any]] = []
        self.by_id: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}

    def src(self, path: tuple[str | int, ...], row: SheetRow, key: str) -> None:
        self.reader.source(path, row.where(key))

    def src_fields(
        self, path: tuple[str | int, ...], row: SheetRow, columns: dict[str, str], whole: str
    ) -> None:
        """The cell each field of the item at `path` came from (field -> column), and the item's
        own cell, in column `whole`."""
        for key, col in columns.items():
            self.src((*path, key), row, col)
        self.src(path, row, whole)

    # ---------- canvas ----------

    def canvas(self) -> dict[str, Any]:
        s = self.settings
        doc: dict[str, Any] = {}
        for setting in KEYS.settings_rows:
            key = setting.key
            if key.startswith(("value_", "thresholds.")):
                continue
            if key == "strategy_horizon_months" and ok(s.get(key)):
                _put(doc, key, int(s[key]))
            else:
                _put(doc, key, s.get(key, None), setting.optional)
            self.reader.sources[(key,)] = self.reader.sources.get(
                ("settings", key), (S.SETTINGS, 0, key)
            )
        doc["values"] = [v for i in range(1, 6) if ok(v := s.get(f"value_{i}")) and v]
        self._values_source()
        thresholds: dict[str, Any] = {}
        for setting in KEYS.settings_rows:
            if setting.key.startswith("thresholds."):
                name = setting.key.removeprefix("thresholds.")
                _put(thresholds, name, s.get(setting.key))
                self.reader.sources[("thresholds", name)] = self.reader.sources.get(
                    ("settings", setting.key), (S.SETTINGS, 0, name)
                )
        doc["thresholds"] = thresholds
        for key in ("schema_version", "id", "created_at", "updated_at"):
            _put(doc, key, s.get(key))
            self.reader.sources[(key,)] = self.reader.sources.get(
                ("settings", key), (S.SETTINGS, 0, key)
            )
        doc["groups"] = self.groups
        self.read_groups()
        self.read_vtc()
        self.read_vtb()
        self.read_intents()
        self.read_portfolio()
        self.read_propositions()
        doc["hangouts"] = self.read_hangouts()
        doc["lifecycle_notes"] = self.read_lifecycle()
        return doc

    def _values_source(self) -> None:
        first = self.reader.sources.get(("settings", "value_1"))
        if first:
            self.reader.sources[("values",)] = first
            for i in range(5):
                where = self.reader.sources.get(("settings", f"value_{i + 1}"))
                if where:
                    self.reader.sources[("values", i)] = where

    # ---------- groups ----------

    def read_groups(self) -> None:
        for row in self.tables[S.GROUPS]:
            gid = row.get("id") or ""
            if not ok(gid) or not gid or gid in self.by_id:
                gid = new_id("grp")  # a new row, or a copy of another row
            index = len(self.groups)
            group: dict[str, Any] = {"id": gid}
            for column in KEYS.group_columns:
                key = column.key
                if key in ("id",) or key.startswith("value_driver"):
                    continue
                value = row.get(key, None if column.optional or column.kind != S.Kind.text else "")
                if key == "color" and value == "":
                    value = None
                _put(group, key, value, optional=column.optional)
                self.src(("groups", index, key), row, key)
            group["value_drivers"] = [
                d for i in (1, 2, 3) if ok(d := row.get(f"value_driver_{i}")) and d
            ]
            self.src(("groups", index, "value_drivers"), row, "value_driver_1")
            self.src(("groups", index), row, "name")
            self.groups.append(group)
            self.by_id[gid] = index
            name = str(group.get("name", "")).casefold()
            self.by_name.setdefault(name, []).append(index)

    def resolve(self, row: SheetRow) -> int | str | None:
        """The group a dependent row belongs to: its index, DROP (group deleted) or None (problem)."""
        gid = row.get("group_id") or ""
        name = row.get("group_name") or ""
        name = name.casefold() if isinstance(name, str) else ""
        by_id = self.by_id.get(gid) if isinstance(gid, str) else None
        if by_id is not None and (
            not name or self.groups[by_id].get("name", "").casefold() == name
        ):
            return by_id
        named = self.by_name.get(name, []) if name else []
        if len(named) == 1:
            return named[0]
        if by_id is not None:
            return by_id
        if gid:
            return DROP
        if not name:
            self.reader.problem(
                row.where("group_name"),
                "which group is this row for? Type its name as on the Groups sheet",
            )
        elif named:
            self.reader.problem(
                row.where("group_name"), "two groups have this name; give them different names"
            )
        else:
            self.reader.problem(
                row.where("group_name"), f"'{row.get('group_name')}' is not on the Groups sheet"
            )
        return None

    def rows_by_group(self, sheet: str) -> list[tuple[int, SheetRow]]:
        found = []
        for row in self.tables[sheet]:
            index = self.resolve(row)
            if isinstance(index, int):
                found.append((index, row))
        return found

    # ---------- value to customer ----------

    def read_vtc(self) -> None:
        for group in self.groups:
            for key in (
                "jobs",
                "pains",
                "gains",
                "products_services",
                "pain_relievers",
                "gain_creators",
            ):
                group[key] = []
        for index, row in self.rows_by_group(S.VTC):
            self._vtc_line(index, row)

    def _vtc_line(self, index: int, row: SheetRow) -> None:
        group = self.groups[index]
        line = row.get("line")
        text = row.get("text", "")
        if line is BAD:
            return
        if not line:
            self.reader.problem(
                row.where("line"),
                "choose what this line is: Job, Pain, Gain, Product or service, Pain reliever or Gain creator",
            )
            return
        if line == "product":
            group["products_services"].append(text)
            self.src(
                ("groups", index, "products_services", len(group["products_services"]) - 1),
                row,
                "text",
            )
            self.src(("groups", index, "products_services"), row, "line")
            return
        field = {
            "job": "jobs",
            "pain": "pains",
            "gain": "gains",
            "reliever": "pain_relievers",
            "creator": "gain_creators",
        }[line]
        item: dict[str, Any] = {"id": row.get("ref") or new_id(line[:4]), "text": text}
        if line == "job":
            _put(item, "kind", row.get("job_kind"))
        if line in ("job", "gain"):
            _put(item, "importance", row.get("rank"))
        if line == "pain":
            _put(item, "severity", row.get("rank"))
        if line in ("reliever", "creator"):
            links = row.get("links")
            item["pain_ids" if line == "reliever" else "gain_ids"] = links if ok(links) else []
        position = len(group[field])
        group[field].append(item)
        self.src_fields(("groups", index, field, position), row, ITEM_SOURCES, "ref")
        self.src(("groups", index, field), row, "line")

    # ---------- value to business ----------

    def read_vtb(self) -> None:
        seen: dict[int, int] = {}
        for index, row in self.rows_by_group(S.VTB):
            if index in seen:
                self.reader.problem(
                    row.where("group_name"),
                    f"this group already has a row ({seen[index]}); keep one row per group",
                )
                continue
            seen[index] = row.number
            group = self.groups[index]
            confidence: dict[str, Any] = {}
            for column in KEYS.vtb_inputs:
                key = column.key
                if key in ("group_id", "group_name"):
                    continue
                value = row.get(key, None if column.optional or column.kind != S.Kind.text else "")
                if key.startswith("confidence."):
                    name = key.removeprefix("confidence.")
                    _put(confidence, name, value)
                    self.src(("groups", index, "confidence", name), row, key)
                    continue
                _put(group, key, value, optional=column.optional or column.kind == S.Kind.text)
                self.src(("groups", index, key), row, key)
            group["confidence"] = confidence
            self.src(("groups", index), row, "group_name")

    # ---------- intents ----------

    def read_intents(self) -> None:
        intents: dict[tuple[int, str], dict[str, Any]] = {}
        for index, row in self.rows_by_group(S.INTENTS):
            kind = row.get("type")
            if kind is BAD:
                continue
            if not kind:
                self.reader.problem(
                    row.where("type"), "choose an intent: Grow, Maintain, Re-engineer or Retire"
                )
                continue
            group = self.groups[index]
            group.setdefault("intents", [])
            intent = intents.get((index, kind))
            if intent is None:
                intent = {"type": kind, "objectives": [], "rationale": "", "expected_results": []}
                intents[(index, kind)] = intent
                group["intents"].append(intent)
                position = len(group["intents"]) - 1
                self.src(("groups", index, "intents"), row, "type")
                self.src(("groups", index, "intents", position), row, "type")
                intent["_row"] = row
            self._intent_fields(index, group["intents"].index(intent), intent, row)

    def _intent_fields(
        self, index: int, position: int, intent: dict[str, Any], row: SheetRow
    ) -> None:
        path = ("groups", index, "intents", position)
        for key in ("objectives", "rationale"):
            value = row.get(key)
            if not ok(value) or value in ("", []):
                continue
            if intent.get(f"_{key}") is not None and intent[key] != value:
                self.reader.problem(
                    row.where(key),
                    f"differs from row {intent[f'_{key}']} for the same intent; write it once, on the first row",
                )
                continue
            intent[key] = value
            intent[f"_{key}"] = row.number
            self.src((*path, key), row, key)
        result_keys = (
            "metric",
            "custom_label",
            "unit",
            "baseline",
            "target",
            "due_in_months",
            "due_by",
            "comparison",
        )
        if not any(row.get(k) not in (None, "") for k in result_keys):
            return
        result: dict[str, Any] = {"id": row.get("result_id") or new_id("res")}
        for key in result_keys:
            value = row.get(key)
            if key == "due_in_months" and value is None:
                value = self.settings.get("strategy_horizon_months")
                value = int(value) if ok(value) else None
            _put(result, key, value, optional=key in ("custom_label", "unit", "due_by"))
        if "metric" not in result and row.get("metric") is not BAD:
            self.reader.problem(row.where("metric"), "choose what you will measure")
        for key in ("baseline", "target"):
            if row.get(key) is None:
                self.reader.problem(row.where(key), "needs a number")
        number = len(intent["expected_results"])
        intent["expected_results"].append(result)
        for key in result_keys:
            self.src((*path, "expected_results", number, key), row, key)
        self.src((*path, "expected_results"), row, "metric")

    # ---------- portfolio, propositions ----------

    def read_portfolio(self) -> None:
        for index, row in self.rows_by_group(S.PORTFOLIO):
            _put(self.groups[index], "target_share_pct", row.get("target_share_pct"), optional=True)
            self.src(("groups", index, "target_share_pct"), row, "target_share_pct")

    def read_propositions(self) -> None:
        for index, row in self.rows_by_group(S.PROPOSITIONS):
            proofs = [p for k in ("proof_1", "proof_2", "proof_3") if ok(p := row.get(k)) and p]
            addresses = row.get("addresses")
            proposition = {
                "why_for_group": row.get("why_for_group", "")
                if ok(row.get("why_for_group"))
                else "",
                "what": row.get("what", "") if ok(row.get("what")) else "",
                "proof_points": proofs,
                "addresses": addresses if ok(addresses) else [],
            }
            self.groups[index]["proposition"] = proposition
            path = ("groups", index, "proposition")
            self.src_fields(path, row, PROPOSITION_SOURCES, "addresses")

    # ---------- hangouts, lifecycle ----------

    def _hangout_groups(self, row: SheetRow) -> list[str] | None:
        names = row.get("groups")
        if not ok(names):
            return None
        listed = str(row.get("group_ids") or "").replace(";", " ").split()
        hidden = [i for i in listed if i in self.by_id]
        current = [self.groups[self.by_id[i]].get("name", "") for i in hidden]
        if [n.casefold() for n in names] == [str(n).casefold() for n in current if n]:
            return hidden
        chosen: list[str] = []
        for position, name in enumerate(names):
            matches = [self.groups[i]["id"] for i in self.by_name.get(name.casefold(), [])]
            preferred = [m for m in matches if m in hidden and m not in chosen]
            preferred = preferred or [m for m in matches if m not in chosen]
            if preferred:
                chosen.append(preferred[0])
                continue
            same_place = listed[position] if len(listed) == len(names) else None
            if same_place in self.by_id:  # the group was renamed on the Groups sheet
                chosen.append(same_place)
            elif same_place is None:
                self.reader.problem(row.where("groups"), f"'{name}' is not on the Groups sheet")
                return None
            # otherwise the group was deleted: the place simply no longer lists it
        return list(dict.fromkeys(chosen))

    def read_hangouts(self) -> list[dict[str, Any]]:
        hangouts = []
        for row in self.tables[S.HANGOUTS]:
            group_ids = self._hangout_groups(row)
            hangout: dict[str, Any] = {"id": row.get("id") or new_id("hang")}
            for key in ("name", "kind", "direction", "stages", "note"):
                _put(hangout, key, row.get(key), optional=key in ("name", "note"))
                self.src(("hangouts", len(hangouts), key), row, key)
            hangout.setdefault("name", "")
            hangout.setdefault("note", "")
            hangout["group_ids"] = group_ids or []
            self.src(("hangouts", len(hangouts), "group_ids"), row, "groups")
            self.src(("hangouts", len(hangouts)), row, "name")
            hangouts.append(hangout)
        self.reader.sources.setdefault(("hangouts",), (S.HANGOUTS, S.HEADER_ROW, "Place"))
        return hangouts

    def read_lifecycle(self) -> list[dict[str, Any]]:
        notes = []
        for index, row in self.rows_by_group(S.LIFECYCLE):
            note: dict[str, Any] = {
                "id": row.get("id") or new_id("note"),
                "group_id": self.groups[index]["id"],
            }
            for key in ("stage", "knowledge_they_need", "what_we_can_learn", "moment_that_matters"):
                _put(note, key, row.get(key), optional=key != "stage")
                self.src(("lifecycle_notes", len(notes), key), row, key)
            if "stage" not in note and row.get("stage") is not BAD:
                self.reader.problem(row.where("stage"), "choose a stage")
            self.src(("lifecycle_notes", len(notes)), row, "stage")
            notes.append(note)
        return notes


def _strip_private(document: Any) -> Any:
    if isinstance(document, dict):
        return {k: _strip_private(v) for k, v in document.items() if not k.startswith("_")}
    if isinstance(document, list):
        return [_strip_private(v) for v in document]
    return document


def assemble(
    reader: Reader, settings: dict[str, Any], tables: dict[str, Sequence[SheetRow]]
) -> dict[str, Any]:
    return _strip_private(Assembler(reader, settings, dict(tables)).canvas())  # type: ignore[arg-type]
