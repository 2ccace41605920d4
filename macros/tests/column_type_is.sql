{#-
    The column's type in the warehouse is `expected_type` (default: the project's 64-bit float,
    type_double(), which DuckDB reports as DOUBLE), compared case-insensitively. Fails with one
    row naming the actual type, also when the column does not exist. Dispatched: DuckDB reads
    information_schema.columns; other engines ask the adapter (adapter.get_columns_in_relation).
-#}
{% test column_type_is(model, column_name, expected_type=none) %}
    {%- set expected = (expected_type or type_double()) | trim | lower -%}
    {{ return(adapter.dispatch('test_column_type_is', 'entropy_warehouse')(model, column_name, expected)) }}
{% endtest %}

{% macro default__test_column_type_is(model, column_name, expected) %}
    {#- a namespace: a plain `set` inside the loop would not outlive it -#}
    {%- set found = namespace(actual=none) -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(model) -%}
            {%- if column.name | lower == column_name | lower -%}
                {%- set found.actual = column.data_type | trim | lower -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set actual = found.actual -%}
    select
        cast('{{ column_name }}' as {{ type_id() }}) as column_name,
        cast('{{ expected }}' as {{ type_id() }}) as expected_type,
        cast({{ "'" ~ actual ~ "'" if actual is not none else 'null' }} as {{ type_id() }}) as actual_type
    {#- at parse time (execute false) nothing is known: the test compiles to an empty result #}
    where {{ '1 = 1' if execute and actual != expected else '1 = 0' }}
{% endmacro %}

{% macro duckdb__test_column_type_is(model, column_name, expected) %}
    with expected_column as (
        select
            cast('{{ column_name | lower }}' as varchar) as column_name,
            cast('{{ expected }}' as varchar) as expected_type
    ),

    actual_column as (
        select
            lower(column_name) as column_name,
            lower(data_type) as actual_type
        from information_schema.columns
        where
            lower(table_catalog) = lower('{{ model.database }}')
            and lower(table_schema) = lower('{{ model.schema }}')
            and lower(table_name) = lower('{{ model.identifier }}')
    )

    select
        expected_column.column_name,
        expected_column.expected_type,
        actual_column.actual_type
    from expected_column
    left join actual_column
        on expected_column.column_name = actual_column.column_name
    where actual_column.actual_type is distinct from expected_column.expected_type
{% endmacro %}
