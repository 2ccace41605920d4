"""Static checks of the compiled SQL for what the other engines refuse and DuckDB accepts.

The Spark comparison is not part of the test command (README "Why the Spark comparison is not
in the CI command"), so the portability mistakes that are visible in the SQL's text are checked
here, on the models as DuckDB compiles them.
"""

from __future__ import annotations

from pathlib import Path

import sqlglot
from sqlglot import exp


def shadowed_cte_names(sql: str) -> list[str]:
    """Names of CTEs defined inside another CTE under a name that an earlier CTE of an enclosing
    WITH already has. Spark 3.5 refuses them (AMBIGUOUS_ALIAS_IN_NESTED_CTE); a macro that
    returns a whole `with ...` statement, embedded in a model's CTE, can bring them in."""
    shadowed = []
    for cte in sqlglot.parse_one(sql, read="duckdb").find_all(exp.CTE):
        visible: set[str] = set()
        child, node = cte, cte.parent
        while node is not None:
            if isinstance(node, exp.With) and child is not cte:
                names = [c.alias for c in node.expressions]
                visible.update(names[: node.expressions.index(child)])
            child, node = node, node.parent
        if cte.alias in visible:
            shadowed.append(cte.alias)
    return shadowed


def test_shadowed_cte_names_are_found() -> None:
    nested = (
        "with a as (select 1 as x), b as (with a as (select 2 as x) select x from a) "
        "select x from b"
    )
    assert shadowed_cte_names(nested) == ["a"]
    # a CTE that embeds a statement with a CTE of its own name shadows nothing: the outer one
    # is not visible inside its own definition
    own_name = "with a as (with a as (select 1 as x) select x from a) select x from a"
    assert shadowed_cte_names(own_name) == []
    siblings = (
        "with a as (with t as (select 1 as x) select x from t), "
        "b as (with t as (select 2 as x) select x from t) select x from a"
    )
    assert shadowed_cte_names(siblings) == []


def test_no_model_shadows_an_enclosing_cte(shipped_warehouse: Path) -> None:
    compiled = shipped_warehouse.parent / "target" / "compiled"
    models = [p for p in compiled.rglob("*.sql") if "/models/" in p.as_posix()]
    models = [p for p in models if not any(part.endswith(".yml") for part in p.parts)]
    assert len(models) > 30, compiled
    found = {p.name: names for p in models if (names := shadowed_cte_names(p.read_text()))}
    assert found == {}, f"nested CTEs reuse an enclosing CTE's name (Spark refuses it): {found}"
