{#-
    Inputs are data: each of indicators, observations and regions comes from the shipped seed
    of that name, or from the file named by the dbt var <name>_file (CSV or Parquet).
-#}

{% macro input_file(name) %}
    {{- return(var(name ~ '_file', '') | trim) -}}
{% endmacro %}

{% macro input_relation(name) %}
    {%- set path = input_file(name) -%}
    {%- if path -%}
        {{ read_input_file(path, name) }}
    {%- else -%}
        {{ ref(name) }}
    {%- endif -%}
{% endmacro %}

{#- The lower-cased column names of a relation or table expression (empty at parse time). -#}
{% macro relation_columns(relation_sql) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set probe = run_query('select * from ' ~ relation_sql ~ ' as probe where 1 = 0') -%}
    {{ return(probe.column_names | map('lower') | list) }}
{% endmacro %}

{#- column cast to text when the input has it, else the fallback expression. -#}
{% macro optional_text_column(columns, name, fallback='null') %}
    {%- if not execute or name in columns -%}
        {{ blank_to_null('cast(' ~ adapter.quote(name) ~ ' as ' ~ type_id() ~ ')') }}
    {%- else -%}
        cast({{ fallback }} as {{ type_id() }})
    {%- endif -%}
{% endmacro %}

{#- A required column: a clear error when the input lacks it. -#}
{% macro required_text_column(columns, name, input_name) %}
    {%- if execute and name not in columns -%}
        {{ exceptions.raise_compiler_error(
            "The " ~ input_name ~ " input (" ~ (input_file(input_name) or 'seed ' ~ input_name)
            ~ ") has no column '" ~ name ~ "'. Required columns: "
            ~ {'indicators': 'indicator_id, dimension_id, direction',
               'observations': 'region_id, year, indicator_id, value',
               'regions': 'region_id'}[input_name]
            ~ ". Found: " ~ (columns | join(', ')) ~ "."
        ) }}
    {%- endif -%}
    {{ blank_to_null('cast(' ~ adapter.quote(name) ~ ' as ' ~ type_id() ~ ')') }}
{% endmacro %}
