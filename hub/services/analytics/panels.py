"""Panels: the agenda, decisions and actions, and a cohort's make-up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from hub.domain.errors import (
    InvalidInput,
    NotFound,
)
from hub.graph.analytics import (
    COUNTY_POPULATION_SHARES,
    DEFAULT_LIMITS,
    AnalysisLimits,
    AnalysisTooLarge,
    Breakdown,
    cohort_breakdown,
)
from hub.graph.store import Row
from hub.services.analytics.common import (
    CONTEXTS,
    PEOPLE,
    disclose,
    justified,
    parse_id,
    too_large_error,
)
from hub.services.context import RequestContext

MAX_COHORT_IDS = 500


@dataclass(frozen=True)
class AgendaItem:
    subject: Row
    decision_ids: tuple[str, ...]


@dataclass(frozen=True)
class PanelAction:
    action: Row
    decision_id: str
    assignee: Row | None
    overdue: bool


@dataclass(frozen=True)
class PanelView:
    """A panel's agenda, decisions and actions, with what is overdue."""

    panel: Row
    as_of: date
    children: tuple[AgendaItem, ...]
    adults: tuple[AgendaItem, ...]
    contexts: tuple[AgendaItem, ...]
    decisions: tuple[Row, ...]
    actions: tuple[PanelAction, ...]


@dataclass(frozen=True)
class Cohort:
    breakdown: Breakdown
    not_visible: int


# ---------------------------------------------------------------- panels and cohorts

async def panel_view(ctx: RequestContext, panel_id: str, as_of: str | None = None) -> PanelView:
    """A panel's agenda (children, adults of concern, contexts), decisions, and actions
    with owners and due dates; an action is overdue when open and due before `as_of`."""
    justified(ctx)
    raw = panel_raw_id(panel_id)
    rows = await ctx.store.run("analytics_panel", {"id": raw, "scopes": ctx.scopes})
    if not rows:
        raise NotFound("panelId: no record you may see has this id", field="panelId")
    today = date.fromisoformat(as_of) if as_of else date.today()
    agenda: dict[str, tuple[Row, list[str]]] = {}
    decisions, actions = [], []
    for row in rows:
        decision = row["decision"]
        if not decision:
            continue
        decisions.append(decision)
        for subject in row["concerns"]:
            agenda.setdefault(subject["id"], (subject, []))[1].append(decision["id"])
        assignees = {a["action"]: a for a in row["assignees"]}
        for action in row["actions"]:
            due = action.get("due_date")
            overdue = action.get("status") == "open" and bool(due) and str(due) < today.isoformat()
            actions.append(PanelAction(action, decision["id"], assignees.get(action["id"]),
                                       overdue))

    def items(*labels: str) -> tuple[AgendaItem, ...]:
        found = [AgendaItem(subject, tuple(ids)) for subject, ids in agenda.values()
                 if set(labels) & set(subject.get("_labels", []))]
        return tuple(sorted(found, key=lambda i: (i.subject.get("name") or "", i.subject["id"])))

    children, adults = items("Child"), items("Adult")
    disclose(ctx, {i.subject["id"]: i.subject for i in (*children, *adults)})
    actions.sort(key=lambda a: (not a.overdue, a.action.get("due_date") or "", a.action["id"]))
    return PanelView(rows[0]["panel"], today, children, adults, items(*CONTEXTS),
                     tuple(sorted(decisions, key=lambda d: d["id"])), tuple(actions))


async def cohort(ctx: RequestContext, person_ids: Sequence[str] | None = None,
                 panel_id: str | None = None, limits: AnalysisLimits = DEFAULT_LIMITS) -> Cohort:
    """A cohort's make-up by age band, gender, ethnicity and town beside the county's:
    the people given, or those a panel's decisions concern. Only visible people count."""
    justified(ctx)
    if (person_ids is None) == (panel_id is None):
        raise InvalidInput("give either personIds or panelId", field="personIds")
    if person_ids is not None:
        if not 1 <= len(person_ids) <= MAX_COHORT_IDS:
            raise InvalidInput(f"personIds must hold 1 to {MAX_COHORT_IDS} ids",
                               field="personIds")
        raws = {parse_id(p, f"personIds[{i}]", PEOPLE)[1] for i, p in enumerate(person_ids)}
        rows = await ctx.store.run("analytics_people", {"ids": sorted(raws), "scopes": ctx.scopes})
        not_visible = len(raws) - len(rows)
    else:
        assert panel_id is not None
        rows = await panel_people(ctx, panel_id)
        not_visible = 0
    people = [row["p"] for row in rows]
    try:
        breakdown = cohort_breakdown(
            [{"id": p["id"], "dob": p.get("dob"), "gender": p.get("gender"),
              "ethnicity": p.get("ethnicity"), "town": p.get("town")} for p in people],
            COUNTY_POPULATION_SHARES, date.today(), limits)
    except AnalysisTooLarge as too_large:
        raise too_large_error(too_large) from None
    ctx.disclosed.update(p["id"] for p in people)
    return Cohort(breakdown, not_visible)


def panel_raw_id(panel_id: str) -> str:
    """The raw id of a panel's global id, refusing the id of anything else."""
    type_name, raw = parse_id(panel_id, "panelId")
    if type_name != "Panel":
        raise InvalidInput(f"panelId must be the id of a Panel, not of a {type_name}",
                           field="panelId")
    return raw


async def panel_people(ctx: RequestContext, panel_id: str) -> list[Row]:
    """The visible people a panel's decisions concern (rows with `p`): its cohort."""
    return await ctx.store.run("analytics_panel_people",
                               {"id": panel_raw_id(panel_id), "scopes": ctx.scopes})
