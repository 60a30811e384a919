"""Datasette plugin: fast, labelled facets and AND filters on the `cases` table.

Two facet types, both with labels in the page language (`_lang=en`, Dutch otherwise):
- `m2m` (`_facet_m2m=instruments`, or `{"m2m": "instruments"}` in metadata.yml) counts cases per
  code through an indexed many-to-many table; `?_instrument=pilot&_instrument=sbir` keeps cases
  that have *both* codes, via the `filters_from_request` hook.
- `coded` (`{"coded": "status"}`) counts a plain coded column of `cases`; its toggles use
  Datasette's own `?status=running` filter.
Without any filter, counts come from the `facet_counts` table computed at build time (the
database is immutable), so the default browse page costs a few index lookups at any size.
Values are always bound as SQL parameters; identifiers come from the fixed FACETS table below
(built from `casebase.fields.FACETS`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.utils import path_with_added_args, path_with_removed_args

from casebase import fields, search, vocab

from .web import is_casebase, page_lang


class Spec(NamedTuple):
    table: str | None  # many-to-many table, or None for a column of `cases`
    column: str
    vocab: str | None  # vocabulary table with label_nl / label_en
    param: str  # query-string parameter that filters on a value
    token: str  # name in the case's facet tokens (`rows.facet_keys`)


# Facet name (as in `facet_counts`) -> spec, from the facet registry, so the site, the API
# and this plugin agree. A many-to-many facet filters with `_<name>` (this plugin's AND
# filter), a column facet with Datasette's own `?<column>=` filter.
FACETS = {
    f.counts: Spec(f.table, f.column, vocab.TABLES.get(f.vocabulary or ""), f.param, f.name)
    for f in fields.FACETS
    if f.counts and f.name != "year"
}
M2M_PARAMS = {s.param: s for s in FACETS.values() if s.table}
_WHERE = re.compile(r"\bwhere\b", re.IGNORECASE)


async def counts(db, names: list[str], inner_sql: str | None, params) -> dict[str, dict]:
    """{facet name: {value: count}} over all cases (`inner_sql` None) or the cases it selects.

    All cases: the precomputed `facet_counts`. A selection: one query that fetches each
    matching case's facet tokens and tallies every facet at once.
    """
    if inner_sql is None:
        marks = ", ".join(f":f{i}" for i in range(len(names)))
        rows = await db.execute(
            f"select facet, value, count from facet_counts where facet in ({marks})",
            {f"f{i}": name for i, name in enumerate(names)},
        )
        out: dict[str, dict] = {name: {} for name in names}
        for facet, value, count in rows.rows:
            out[facet][value] = count
        return out
    rows = await db.execute(
        "select k.keys from cases c join case_facet_keys k on k.case_rowid = c.rowid "
        f"where c.id in (select id from ({inner_sql}))",
        params,
    )
    tallied = search.tally(r[0] for r in rows.rows)
    return {name: dict(tallied.get(FACETS[name].token, {})) for name in names}


class M2MFacet(Facet):
    type = "m2m"

    async def suggest(self):
        return []

    async def facet_results(self):
        results, timed_out = [], []
        if self.table != "cases" or not is_casebase(self.ds, self.database):
            return results, timed_out
        size = self.get_facet_size()
        label_column = "label_en" if page_lang(self.request) == "en" else "label_nl"
        pairs = self.get_querystring_pairs()
        unfiltered = not self.params and not _WHERE.search(self.sql)
        db = self.ds.get_database(self.database)
        names = []
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            name = config.get("simple") if isinstance(config, dict) else config
            if name in FACETS and (FACETS[name].table is None) == (self.type == "coded"):
                names.append((name, source_and_config["source"]))
        if not names:
            return results, timed_out
        try:
            counted_all = await counts(
                db, [n for n, _ in names], None if unfiltered else self.sql, self.params
            )
        except QueryInterrupted:  # over the facet time limit: report as timed out, like Datasette
            return results, [n for n, _ in names]
        for name, source in names:
            spec = FACETS[name]
            labels, order = await self._labels(db, spec, label_column)
            counted = sorted(
                counted_all[name].items(),
                key=lambda vc: (-vc[1], order.get(vc[0], 0), str(vc[0])),
            )
            values = []
            for value, count in counted[:size]:
                selected = (spec.param, str(value)) in pairs
                toggle = (path_with_removed_args if selected else path_with_added_args)(
                    self.request, {spec.param: value}
                )
                values.append(
                    {
                        "value": value,
                        "label": labels.get(value, value),
                        "count": count,
                        "toggle_url": self.ds.urls.path(toggle),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": name,
                    "type": self.type,
                    "hideable": source != "metadata",
                    "toggle_url": self.ds.urls.path(
                        path_with_removed_args(self.request, {f"_facet_{self.type}": name})
                    ),
                    "results": values,
                    "truncated": len(counted) > size,
                }
            )
        return results, timed_out

    async def _labels(self, db, spec: Spec, label_column: str) -> tuple[dict, dict]:
        if spec.vocab is None:
            return {}, {}
        rows = await db.execute(f"select code, {label_column}, position from [{spec.vocab}]")
        return {r[0]: r[1] for r in rows.rows}, {r[0]: r[2] for r in rows.rows}


class CodedFacet(M2MFacet):
    type = "coded"


@hookimpl
def register_facet_classes():
    return [M2MFacet, CodedFacet]


@hookimpl
def filters_from_request(request, database, table, datasette):
    if table != "cases" or not is_casebase(datasette, database):
        return None
    where, params, human = [], {}, []
    for param, spec in M2M_PARAMS.items():
        for value in request.args.getlist(param):
            if not value:
                continue
            p = f"m2m_{len(params)}"
            where.append(f"id in (select case_id from [{spec.table}] where [{spec.column}] = :{p})")
            params[p] = value
            human.append(f"{spec.column.replace('_', ' ')} is {value}")
    if not where:
        return None
    return FilterArguments(where, params=params, human_descriptions=human)
