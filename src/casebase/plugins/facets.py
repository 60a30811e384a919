"""Datasette plugin: many-to-many facets and filters on the `cases` table.

`_facet_m2m=instruments` (or `{"m2m": "instruments"}` in metadata.yml) counts cases per code
through the indexed many-to-many table and shows the vocabulary label in the page language
(`_lang=en` for English, Dutch otherwise). `?_instrument=pilot&_instrument=sbir` keeps only
cases that have *both* codes (AND), via the `filters_from_request` hook. Values are always
bound as SQL parameters.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.utils import path_with_added_args, path_with_removed_args

# facet name -> (m2m table, code column, vocabulary table, filter parameter)
M2M = {
    "instruments": ("case_instruments", "instrument", "instruments", "_instrument"),
    "challenges": ("case_challenges", "challenge", "challenges", "_challenge"),
    "techniques": ("case_techniques", "technique", "techniques", "_technique"),
    "buyer_types": ("case_buyers", "buyer_type", "buyer_types", "_buyer_type"),
    "government_levels": (
        "case_buyers",
        "government_level",
        "government_levels",
        "_government_level",
    ),
    "roles": ("case_participants", "role", "roles", "_role"),
}
BY_PARAM = {spec[3]: (name, *spec) for name, spec in M2M.items()}


def page_lang(request) -> str:
    return "en" if request is not None and request.args.get("_lang") == "en" else "nl"


class M2MFacet(Facet):
    type = "m2m"

    async def suggest(self):
        return []

    async def facet_results(self):
        results, timed_out = [], []
        if self.table != "cases":
            return results, timed_out
        size = self.get_facet_size()
        label = "label_en" if page_lang(self.request) == "en" else "label_nl"
        pairs = self.get_querystring_pairs()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            name = config.get("simple") if isinstance(config, dict) else config
            if name not in M2M:
                continue
            m2m, column, vocab_table, param = M2M[name]
            # Identifiers below come from the fixed M2M table above, never from the request.
            sql = f"""
                select v.code as value, v.{label} as label, count(distinct m.case_id) as count
                from [{m2m}] m join [{vocab_table}] v on v.code = m.[{column}]
                where m.case_id in (select id from ({self.sql}))
                group by v.code order by count desc, v.position limit {size + 1}
            """
            try:
                rows = await self.ds.execute(
                    self.database,
                    sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except Exception:  # QueryInterrupted and friends: report as timed out, like Datasette
                timed_out.append(name)
                continue
            values = []
            for row in rows.rows[:size]:
                selected = (param, row["value"]) in pairs
                toggle = (path_with_removed_args if selected else path_with_added_args)(
                    self.request, {param: row["value"]}
                )
                values.append(
                    {
                        "value": row["value"],
                        "label": row["label"],
                        "count": row["count"],
                        "toggle_url": self.ds.urls.path(toggle),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": name,
                    "type": self.type,
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": self.ds.urls.path(
                        path_with_removed_args(self.request, {"_facet_m2m": name})
                    ),
                    "results": values,
                    "truncated": len(rows.rows) > size,
                }
            )
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [M2MFacet]


@hookimpl
def filters_from_request(request, database, table, datasette):
    if table != "cases":
        return None
    where, params, human = [], {}, []
    n = 0
    for key, (_name, m2m, column, _vocab, _param) in BY_PARAM.items():
        for value in request.args.getlist(key):
            if not value:
                continue
            p = f"m2m_{n}"
            n += 1
            where.append(f"id in (select case_id from [{m2m}] where [{column}] = :{p})")
            params[p] = value
            human.append(f"{column.replace('_', ' ')} is {value}")
    if not where:
        return None
    return FilterArguments(where, params=params, human_descriptions=human)
