{#-
    Problems that only show on the imputed grid under the chosen scope: a series with no value,
    fewer than two samples in a scope, an indicator whose values are all equal in a scope.
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

scope_ranges as (
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
    from scope_ranges
    where sample_count < 2
),

constant_indicators as (
    select
        'constant_indicator' as problem,
        'indicator ' || indicator_id
        {%- if variant.scope == 'year' %} || ', year ' || cast(year as {{ id_text }}){% endif %}
        || ': every value is ' || cast(min_value as {{ id_text }}) as offending
    from scope_ranges
    where sample_count >= 2 and min_value = max_value
),

problems as (
    select * from empty_series
    union all select * from too_few_samples
    union all select * from constant_indicators
)

select
    cast(problem as {{ id_text }}) as problem,
    cast(offending as {{ id_text }}) as offending
from problems
