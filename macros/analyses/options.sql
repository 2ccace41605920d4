{#-
    The options of the analyses marts, read from dbt vars and checked once (the analyses'
    counterpart of method_variant()). Every analysis macro takes its options as arguments.
-#}

{% macro analysis_options() %}
    {%- set options = {} -%}
    {%- for name in ['growth_from', 'growth_to'] -%}
        {%- set text = var(name, '') | string | trim -%}
        {%- if text and not modules.re.fullmatch('-?[0-9]{1,9}', text) -%}
            {{ exceptions.raise_compiler_error(
                "dbt var " ~ name ~ "='" ~ text ~ "' is not a year: give a whole number, or '' for the panel's "
                ~ ('first' if name == 'growth_from' else 'last') ~ " year.") }}
        {%- endif -%}
        {%- do options.update({name: (text | int) if text else none}) -%}
    {%- endfor -%}
    {%- if options.growth_from is not none and options.growth_to is not none
        and options.growth_from >= options.growth_to -%}
        {{ exceptions.raise_compiler_error(
            "dbt vars growth_from=" ~ options.growth_from ~ " and growth_to=" ~ options.growth_to
            ~ ": growth_from must be before growth_to.") }}
    {%- endif -%}
    {%- for name, default in [('tier_leading_ratio', 1.5), ('tier_lagging_ratio', 0.6),
                              ('audit_rounding', 0.0005), ('obstacle_top_n', 3)] -%}
        {%- set text = var(name, default) | string | trim -%}
        {%- if not modules.re.fullmatch('[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?', text) -%}
            {{ exceptions.raise_compiler_error(
                "dbt var " ~ name ~ "='" ~ text ~ "' is not a non-negative number.") }}
        {%- endif -%}
        {%- do options.update({name: text}) -%}
    {%- endfor -%}
    {%- if options.tier_lagging_ratio | float > options.tier_leading_ratio | float -%}
        {{ exceptions.raise_compiler_error(
            "dbt vars tier_lagging_ratio=" ~ options.tier_lagging_ratio ~ " and tier_leading_ratio="
            ~ options.tier_leading_ratio ~ ": the lagging threshold must not exceed the leading one.") }}
    {%- endif -%}
    {%- if not modules.re.fullmatch('[0-9]+', options.obstacle_top_n) -%}
        {{ exceptions.raise_compiler_error(
            "dbt var obstacle_top_n='" ~ options.obstacle_top_n ~ "' is not a whole number.") }}
    {%- endif -%}
    {%- for name, default, allowed in [
            ('obstacle_form', 'scaled', ['scaled', 'unscaled']),
            ('topsis_form', 'minmax', ['minmax', 'vector']),
            ('coupling_weights', 'equal', ['equal', 'dimension'])] -%}
        {%- set value = var(name, default) | string | trim | lower -%}
        {%- if value not in allowed -%}
            {{ exceptions.raise_compiler_error(
                "dbt var " ~ name ~ "='" ~ value ~ "' is not valid: use '" ~ allowed | join("' or '") ~ "'.") }}
        {%- endif -%}
        {%- do options.update({name: value}) -%}
    {%- endfor -%}
    {{ return(options) }}
{% endmacro %}
