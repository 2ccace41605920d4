{#-
    Row-level checks shared by the problem model stg_input_problems: each returns a select of
    (problem, offending) rows, one per offending id.
-#}

{#- One invalid_id row per id of a column that does not match the id pattern: "<label> '<id>'". -#}
{% macro invalid_ids(relation, id_column, label) %}
    select
        'invalid_id' as problem,
        '{{ label }} ''' || coalesce({{ id_column }}, '') || '''' as offending
    from {{ relation }}
    where not {{ is_valid_id(id_column) }}
{% endmacro %}


{#- One problem row per id that appears more than once in an input: "<id> (<n> rows)". -#}
{% macro duplicate_ids(relation, id_column, problem) %}
    select
        '{{ problem }}' as problem,
        {{ id_column }} || ' (' || cast(count(*) as {{ type_id() }}) || ' rows)' as offending
    from {{ relation }}
    where {{ id_column }} is not null
    group by {{ id_column }}
    having count(*) > 1
{% endmacro %}
