{#-
    Problems that only show on the imputed grid under the chosen scope: a series with no value,
    fewer than two samples in a scope, an indicator whose values are all equal in a scope, and a
    centred or interval indicator whose entropy inputs are all 0 in a scope (P = 0 / 0).
    A post-hook (raise_input_problems) stops the build when there is any.
-#}
{%- set variant = method_variant() %}
{%- set keys = scope_keys(variant.scope) %}
{%- set id_text = type_id() %}

with imputed as (
    select * from {{ ref('int_observations_imputed') }}
),

empty_series as (
    select
        'empty_series' as problem,
        'region ' || region_id || ', indicator ' || indicator_id as offending
    from imputed
    group by region_id, indicator_id
    having count(value) = 0
),

scope_samples as (
    select
        {{ keys | join(',\n        ') }},
        count(*) as sample_count,
        min(value) as min_value,
        max(value) as max_value
    from imputed
    group by {{ keys | join(', ') }}
),

too_few_samples as (
    select
        'too_few_samples' as problem,
        'indicator ' || indicator_id
        {%- if variant.scope == 'year' %} || ', year ' || cast(year as {{ id_text }}){% endif %}
        || ': ' || cast(sample_count as {{ id_text }}) || ' sample(s)' as offending
    from scope_samples
    where sample_count < 2
),

constant_indicators as (
    select
        'constant_indicator' as problem,
        'indicator ' || indicator_id
        {%- if variant.scope == 'year' %} || ', year ' || cast(year as {{ id_text }}){% endif %}
        || ': every value is ' || cast(min_value as {{ id_text }}) as offending
    from scope_samples
    where sample_count >= 2 and min_value = max_value
),

{#- min-max indicators: every entropy input 0 means max = min (above); the other types can
    have all Z = 0 with values that differ (all as far from the target), so their normalization
    is run here (the core's macro, on these indicators' cells only) -#}
ideal_point_cells as (
    select * from imputed
    where direction in ('centred', 'interval')
),

ideal_point_normalized as (
    {{ normalize_values('ideal_point_cells', variant.scope, variant.zero_handling, variant.epsilon) }}
),

ideal_point_totals as (
    select
        {{ keys | join(',\n        ') }},
        sum(entropy_input) as total_input
    from ideal_point_normalized
    group by {{ keys | join(', ') }}
),

undefined_proportions as (
    select
        'undefined_proportions' as problem,
        'indicator ' || indicator_id
        {%- if variant.scope == 'year' %} || ', year ' || cast(year as {{ id_text }}){% endif %}
        || ': every entropy input is 0' as offending
    from ideal_point_totals
    where total_input = 0
),

problems as (
    select * from empty_series
    union all select * from too_few_samples
    union all select * from constant_indicators
    union all select * from undefined_proportions
)

select
    cast(problem as {{ id_text }}) as problem,
    cast(offending as {{ id_text }}) as offending
from problems
