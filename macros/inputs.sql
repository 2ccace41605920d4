{#-
    Inputs are data: each of indicators, observations, regions and dimensions comes from the
    shipped seed of that name, or from the file named by the dbt var <name>_file (CSV or Parquet).
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
               'regions': 'region_id',
               'dimensions': 'dimension_id'}[input_name]
            ~ ". Found: " ~ (columns | join(', ')) ~ "."
        ) }}
    {%- endif -%}
    {{ blank_to_null('cast(' ~ adapter.quote(name) ~ ' as ' ~ type_id() ~ ')') }}
{% endmacro %}

{#-
    Typed reading of an input column. `types` is relation_column_types() of the input. A column
    the input already has as numbers (typed Parquet) is cast directly; a text column (CSV, the
    seeds) is trimmed and parsed, and what does not parse becomes null (stg_input_problems
    reports it with the text as given).
-#}
{% macro input_type_kind(types, name) %}
    {%- set type_name = (types.get(name) or 'TEXT') | upper -%}
    {%- set integer_types = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT',
                             'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT',
                             'INT2', 'INT4', 'INT8', 'INT', 'SHORT', 'LONG'] -%}
    {%- set float_types = ['DOUBLE', 'FLOAT', 'REAL', 'FLOAT4', 'FLOAT8', 'DOUBLE PRECISION'] -%}
    {%- if type_name in integer_types -%}
        {{ return('integer') }}
    {%- elif type_name in float_types or type_name.startswith('DECIMAL') or type_name.startswith('NUMERIC') -%}
        {{ return('number') }}
    {%- else -%}
        {{ return('text') }}
    {%- endif -%}
{% endmacro %}

{#- The input column as a 64-bit float; null where it is empty or not a number. -#}
{% macro input_double(types, name, input_name) %}
    {%- if input_type_kind(types, name) in ['integer', 'number'] -%}
        cast({{ adapter.quote(name) }} as {{ type_double() }})
    {%- else -%}
        {{ safe_to_double(required_text_column(types.keys() | list, name, input_name)) }}
    {%- endif -%}
{% endmacro %}

{#- The input column as an integer; null where it is empty or not a whole number of at most 9 digits. -#}
{% macro input_integer(types, name, input_name) %}
    {%- if input_type_kind(types, name) == 'integer' -%}
        case
            when {{ adapter.quote(name) }} between -999999999 and 999999999
                then cast({{ adapter.quote(name) }} as {{ dbt.type_int() }})
        end
    {%- else -%}
        {{ safe_to_integer(required_text_column(types.keys() | list, name, input_name)) }}
    {%- endif -%}
{% endmacro %}

{#- true where the input cell is empty (null, or blank text). -#}
{% macro input_is_empty(types, name, input_name) %}
    {%- if input_type_kind(types, name) in ['integer', 'number'] -%}
        ({{ adapter.quote(name) }} is null)
    {%- else -%}
        ({{ required_text_column(types.keys() | list, name, input_name) }} is null)
    {%- endif -%}
{% endmacro %}
