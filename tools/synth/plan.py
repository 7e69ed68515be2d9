"""Which documents to make (kind × variant × format, covering every combination first) and their specs."""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import docx_render, html_render, scan_render, text_render
from .ambiguity import open_cells
from .grid import GridOptions, build_grids
from .header_variants import HEADER_VARIANTS, apply_header_variant, render_style
from .label_variants import vary_labels
from .model import FORMATS, KINDS, DocSpec
from .prose import make_agency, make_prose, make_year
from .values import choose_print_style, failing_checks, generate, inject_error, to_printed

VARIANTS: dict[str, tuple[str, ...]] = {
    "docx": docx_render.VARIANTS,
    "pdf": docx_render.VARIANTS,  # the PDF of each DOCX style
    "scan": scan_render.VARIANTS,
    "html": html_render.VARIANTS,
    "text": text_render.VARIANTS,
}
# variants added after the committed set: planned only when named in `variants` (--variants), so that
# make_plan(seed, count, …) and golden/synthetic stay what they were for every existing seed
OPT_IN_VARIANTS: dict[str, tuple[str, ...]] = {"text": text_render.OPT_IN_VARIANTS, "html": HEADER_VARIANTS,
                                               "docx": HEADER_VARIANTS, "pdf": HEADER_VARIANTS, "scan": HEADER_VARIANTS}
ERROR_RATE = 0.15


@dataclass(frozen=True)
class PlanItem:
    index: int
    kind: str  # CLI kind: docx, pdf, scan, html, text
    variant: str
    fmt: str  # key of FORMATS

    def doc_id(self, seed: int) -> str:
        return f"s{seed}_{self.index:03d}_{self.kind}_{self.variant}_{self.fmt}"


def make_plan(seed: int, count: int, kinds: list[str], formats: list[str],
              variants: list[str] | None = None) -> list[PlanItem]:
    """Round-robin over (kind, variant); each combination gets every base format before 'mixed' or repeats.

    With count ≥ 2 × combinations and formats 2019,2021 every combination exists in both formats.
    `variants` keeps only the named variants (of any kind); opt-in variants (OPT_IN_VARIANTS) are made
    only when named there.
    """
    combos = [(k, v) for k in kinds for v in VARIANTS[k] if not variants or v in variants]
    combos += [(k, v) for k in kinds for v in OPT_IN_VARIANTS.get(k, ()) if variants and v in variants]
    if not combos:
        raise ValueError(f"no variant of kinds {kinds} is in {variants}; variants: {VARIANTS}")
    base = [f for f in formats if f != "mixed"] or formats
    later = (["mixed"] if "mixed" in formats else []) + base
    order = random.Random(seed).sample(range(len(combos)), len(combos))  # for rounds after the base ones
    items = []
    for i in range(count):
        rnd, j = divmod(i, len(combos))
        if rnd < len(base):
            k, v = combos[j]
            fmt = base[(j + rnd) % len(base)]
        else:
            k, v = combos[order[j]]
            fmt = later[(rnd - len(base)) % len(later)]  # the first extra round is all 'mixed'
        items.append(PlanItem(i, k, v, fmt))
    return items


def _grid_options(rng: random.Random, item: PlanItem, base_style: str | None) -> GridOptions:
    if base_style is not None:
        t2_mode = docx_render.STYLES[base_style].t2_mode
    elif item.kind == "html" and item.variant == "split_tables":
        t2_mode = "blocks"
    else:
        t2_mode = "blocks" if rng.random() < 0.3 else "combined"
    return GridOptions(t2_mode=t2_mode, narrow_block=rng.choice(["span", "span", "pad"]),
                       label_style="ascii" if rng.random() < 0.15 else "official")


def make_spec(item: PlanItem, seed: int, label_variants: float = 0.0) -> DocSpec:
    """The document of ``item``. ``label_variants``: the share of documents that print some labels
    as real reports do (tools/synth/label_variants.py), drawn apart from everything else so that
    the other documents are what they always were for this seed."""
    rng = random.Random(f"gktables-synth:{seed}:{item.index}")
    if item.variant in HEADER_VARIANTS:  # drawn in one of the kind's render styles, then transformed
        style, base = render_style(item.kind, random.Random(f"{seed}:{item.index}:header"))
        spec = make_spec(PlanItem(item.index, item.kind, style, item.fmt), seed)
        spec.doc_id, spec.header_variant = item.doc_id(seed), item.variant
        if item.kind == "scan":
            spec.base_style = base
        apply_header_variant(spec, item.variant, random.Random(f"{seed}:{item.index}:{item.variant}"))
        return spec
    template = FORMATS[item.fmt]
    agency, level, site = make_agency(rng)
    year = make_year(rng, template)
    from_pdf = item.kind in ("pdf", "scan") or (item.kind == "text" and item.variant in text_render.PDF_VARIANTS)
    base_style = item.variant if item.kind == "pdf" else (rng.choice(docx_render.VARIANTS) if from_pdf else None)
    if item.kind == "docx":
        base_style = item.variant
    scraped = item.kind == "text" and item.variant == "scraped"
    visible = item.kind == "text" and item.variant in text_render.NEEDS_VISIBLE_BLANKS
    inconsistent = not scraped and rng.random() < ERROR_RATE
    notes: list[str] = []
    for _attempt in range(15 if scraped else 1):  # scraped runs: redraw until every split is decided
        values, units = generate(rng, template, level)
        printed_values, note = inject_error(rng, values, template) if inconsistent else (values, "")
        printed, cells = to_printed(rng, printed_values, units, template, choose_print_style(rng, visible))
        ambiguous = open_cells(printed, template) if scraped else {}
        if not ambiguous:
            break
    if note:
        notes.append(note)
    blanks = sorted(k for k, v in cells.items() if v is None)
    if blanks:
        notes.append(f"{len(blanks)} blank cells")
    if ambiguous:
        notes.append(f"{len(ambiguous)} cells admit several readings")
    if base_style and item.kind != "docx":
        notes.append(f"from DOCX style {base_style}")
    grids = build_grids(template, printed, _grid_options(rng, item, base_style))
    label_rng = random.Random(f"{seed}:{item.index}:labels")
    varied = vary_labels(grids, label_rng) if label_variants and label_rng.random() < label_variants else []
    if varied:
        notes.append(f"labels as in real reports: {', '.join(varied)}")
    long_prose = rng.random() < {"scan": 0.0, "pdf": 0.4}.get(item.kind, 0.8)  # short prose keeps files small
    prose = make_prose(rng, agency, site, year, template, cells, printed, long_prose,
                       t2_detail=scraped or rng.random() < 0.3)
    return DocSpec(doc_id=item.doc_id(seed), kind=KINDS[item.kind], variant=item.variant, fmt=item.fmt,
                   template=template, agency=agency, year=year, seed=seed, printed=printed, cells=cells,
                   failing_checks=failing_checks(cells, template), prose=prose, grids=grids,
                   ambiguous=ambiguous, notes=notes, base_style=base_style)
