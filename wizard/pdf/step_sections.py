"""One section per step in the dossier PDF, each fact printed once.

A step's `summarize()` gives blocks of (label, value) rows; for the lists the PDF has a
detailed table instead (problems, places, partners, rounds, reinforcements, indicators) and
for the budget its own tables. `step_story` keeps the blocks the tables do not cover and
puts the tables where they read best; steps without a table are their blocks.
"""

from __future__ import annotations

from wizard.pdf.application import section_requests
from wizard.pdf.budget_sections import section_budget
from wizard.pdf.context import Context
from wizard.pdf.sections import (
    section_indicators,
    section_partners,
    section_places,
    section_rounds,
)
from wizard.pdf.tables import heading, summary_story
from wizard.steps import budget, diagnosis, evaluation, intervention, partners


def _blocks(ctx: Context, sections) -> list:
    return summary_story(sections, ctx.width, ctx.empty)


def _titled(sections, *prefixes: str) -> tuple[list, list]:
    """The sections whose title starts with one of `prefixes` (the items of a list), and
    the others."""
    items = [s for s in sections if s.title and s.title.startswith(prefixes)]
    return items, [s for s in sections if s not in items]


def _named(sections, names: set) -> list:
    """The sections other than those titled by an item's name."""
    return [s for s in sections if not (s.title and s.title in names)]


def _diagnosis(ctx: Context, sections) -> list:
    """« Synthèse », then the problems and the places as tables."""
    _, general = _titled(sections, "Problème ", "Lieu ")
    return _blocks(ctx, general) + section_places(ctx)


def _partners(ctx: Context, sections) -> list:
    """The partners' table, then the governance."""
    names = {x.get("name") for x in ctx.doc.get("partners") or []}
    return section_partners(ctx) + _blocks(ctx, _named(sections, names))


def _intervention(ctx: Context, sections) -> list:
    """The setting (« Cadre »), the rounds, reinforcements and week coverage as tables,
    then the other blocks (other costs)."""
    _, general = _titled(sections, "Tournée « ", "Renfort « ")
    return _blocks(ctx, general[:1]) + section_rounds(ctx) + _blocks(ctx, general[1:])


def _budget(ctx: Context, sections) -> list:
    """The budget's own tables: they show every figure of the step's blocks (the amounts
    requested and the adultes-relais convention after the funding plan)."""
    return section_budget(ctx, section_requests(ctx))


def _evaluation(ctx: Context, sections) -> list:
    """The indicators' table, then difficulties and suggestions."""
    names = {x.get("name") for x in (ctx.doc.get("evaluation") or {}).get("indicators") or []}
    return section_indicators(ctx) + _blocks(ctx, _named(sections, names))


# How a step with detailed tables is laid out, by slug; the other steps are their blocks.
LAYOUTS = {
    diagnosis.STEP.slug: _diagnosis,
    partners.STEP.slug: _partners,
    intervention.STEP.slug: _intervention,
    budget.STEP.slug: _budget,
    evaluation.STEP.slug: _evaluation,
}


def step_story(ctx: Context, step) -> list:
    """The numbered section of `step`: its heading, then its blocks and tables."""
    sections = step.summarize(ctx.doc, ctx.params)
    layout = LAYOUTS.get(step.slug, _blocks)
    return [*heading(ctx, f"etape-{step.slug}", step.title), *layout(ctx, sections)]
