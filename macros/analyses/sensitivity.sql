{#-
    The variants of the core compared by the sensitivity marts: both scopes x the four zero
    handlings x entropy/published weights, each with the build's epsilon. The build's own variant
    is flagged.
-#}

{% macro sensitivity_variants() %}
    {%- set build = method_variant() -%}
    {%- set variants = [] -%}
    {%- for scope in ['panel', 'year'] -%}
        {%- for zero_handling in ['zero', 'shift', 'rescale', 'none'] -%}
            {%- for weights_source in ['entropy', 'published'] -%}
                {%- do variants.append({
                    'id': scope ~ '_' ~ zero_handling ~ '_' ~ weights_source,
                    'normalization': scope ~ '_' ~ zero_handling,
                    'scope': scope,
                    'zero_handling': zero_handling,
                    'weights_source': weights_source,
                    'epsilon': build.epsilon,
                    'is_build': scope == build.scope and zero_handling == build.zero_handling
                        and weights_source == build.weights_source,
                }) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(variants) }}
{% endmacro %}


{#-
    CTEs `<scope>_<zero_handling>_normalized` (one per normalization of the variants), each the
    core's normalize_values on the imputed grid; the caller opens the with clause. inline: ask
    the engine to compute each where it is used instead of storing it (sensitivity_weights
    reads each once per weights source through an aggregate, and storing 8 copies of the grid
    cost more than computing them twice: 5.7 s against 2.4 s on 5.4 million cells).
-#}
{% macro sensitivity_normalized_ctes(imputed_relation, inline=false) %}
    {%- set seen = [] -%}
    {%- for variant in sensitivity_variants() if variant.normalization not in seen -%}
        {%- do seen.append(variant.normalization) %}
    {{ variant.normalization }}_normalized as {% if inline %}{{ cte_not_materialized() }}{% endif %}(
        {{ normalize_values(imputed_relation, variant.scope, variant.zero_handling, variant.epsilon) }}
    ),
    {%- endfor %}
{% endmacro %}


{#-
    One row saying whether each kind of variant can be computed on this panel: the year scope
    needs every indicator to vary within every year, zero_handling=none needs every value to be
    positive, the published weights need every indicator to have one.
-#}
{% macro sensitivity_applicability(imputed_relation, indicators_relation) %}
    with year_ranges as (
        select
            indicator_id,
            year,
            min(value) as min_value,
            max(value) as max_value
        from {{ imputed_relation }}
        group by indicator_id, year
    ),

    year_scope as (
        select sum(case when max_value > min_value then 0 else 1 end) as constant_count
        from year_ranges
    ),

    values_sign as (
        select sum(case when value > 0 then 0 else 1 end) as non_positive_count
        from {{ imputed_relation }}
    ),

    published as (
        select count(*) - count(published_weight) as missing_count
        from {{ indicators_relation }}
    )

    select
        coalesce(year_scope.constant_count, 0) = 0 as year_scope_ok,
        coalesce(values_sign.non_positive_count, 0) = 0 as raw_values_ok,
        published.missing_count = 0 as published_weights_ok
    from year_scope
    cross join values_sign
    cross join published
{% endmacro %}


{#- The applicability expression of a variant over the columns of sensitivity_applicability. -#}
{% macro sensitivity_is_applicable(variant, prefix='applicability') %}
    (
        {{ prefix ~ '.year_scope_ok' if variant.scope == 'year' else 'true' }}
        and {{ prefix ~ '.raw_values_ok' if variant.zero_handling == 'none' else 'true' }}
        and {{ prefix ~ '.published_weights_ok' if variant.weights_source == 'published' else 'true' }}
    )
{% endmacro %}
