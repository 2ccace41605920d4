{#-
    The method's variant, read from dbt vars and checked once. Every step macro takes the
    variant as arguments, so a model can call the same macros with other variants side by side.
-#}

{% macro method_variant() %}
    {%- set scope = var('normalization_scope', 'panel') | string | trim | lower -%}
    {%- set zero_handling = var('zero_handling', 'zero') | string | trim | lower -%}
    {%- set weights_source = var('weights_source', 'entropy') | string | trim | lower -%}
    {%- set epsilon_text = var('epsilon', 0.0001) | string | trim -%}
    {%- if scope not in ['panel', 'year'] -%}
        {{ exceptions.raise_compiler_error(
            "dbt var normalization_scope='" ~ scope ~ "' is not valid: use 'panel' or 'year'.") }}
    {%- endif -%}
    {%- if zero_handling not in ['zero', 'shift', 'rescale', 'none'] -%}
        {{ exceptions.raise_compiler_error(
            "dbt var zero_handling='" ~ zero_handling
            ~ "' is not valid: use 'zero', 'shift', 'rescale' or 'none'.") }}
    {%- endif -%}
    {%- if weights_source not in ['entropy', 'published'] -%}
        {{ exceptions.raise_compiler_error(
            "dbt var weights_source='" ~ weights_source ~ "' is not valid: use 'entropy' or 'published'.") }}
    {%- endif -%}
    {%- if not modules.re.fullmatch('[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?', epsilon_text) -%}
        {{ exceptions.raise_compiler_error(
            "dbt var epsilon='" ~ epsilon_text ~ "' is not a non-negative number.") }}
    {%- endif -%}
    {%- set epsilon = epsilon_text | float -%}
    {%- if zero_handling == 'rescale' and epsilon >= 0.5 -%}
        {{ exceptions.raise_compiler_error(
            "dbt var epsilon=" ~ epsilon_text ~ " must be below 0.5 with zero_handling='rescale'.") }}
    {%- endif -%}
    {{ return({
        'scope': scope,
        'zero_handling': zero_handling,
        'epsilon': epsilon_text,
        'weights_source': weights_source,
    }) }}
{% endmacro %}

{#- The keys that identify one scope of the normalization: an indicator, or an indicator in a year. -#}
{% macro scope_keys(scope) %}
    {%- if scope == 'year' -%}
        {{ return(['indicator_id', 'year']) }}
    {%- else -%}
        {{ return(['indicator_id']) }}
    {%- endif -%}
{% endmacro %}

{#- The keys over which weights sum to one: everything (panel), or each year. -#}
{% macro weight_scope_keys(scope) %}
    {%- if scope == 'year' -%}
        {{ return(['year']) }}
    {%- else -%}
        {{ return([]) }}
    {%- endif -%}
{% endmacro %}

{#- The year column of a scope-level row: the year, or null for the whole panel. -#}
{% macro scope_year_column(scope, prefix='') %}
    {%- if scope == 'year' -%}
        {{ prefix }}year
    {%- else -%}
        cast(null as {{ dbt.type_int() }})
    {%- endif -%}
{% endmacro %}

{#- A float literal. -#}
{% macro double_literal(value) %}cast({{ value }} as {{ type_double() }}){% endmacro %}
