{#-
    Entropy-TOPSIS: each region-year's closeness to the ideal solution, C = D- / (D+ + D-), with
    D+ and D- its Euclidean distances to the ideal and the anti-ideal. topsis_form=minmax (the
    default): the weighted matrix is W Z (the weights the scores use, the min-max values Z),
    ideal and anti-ideal are the best and worst weighted value of each indicator over the same
    scope as the weights (the panel, or the year). topsis_form=vector (the R package mathmodels):
    the raw values divided by their L2 norm over the scope, times W; ideal = the maximum for a
    positive indicator and the minimum for a negative one, anti-ideal the opposite. A centred or
    interval indicator enters with its transformed value Z instead of the raw value, as a
    benefit indicator (mathmodels applies TOPSIS to the matrix with its centred and interval
    columns already transformed). Beside it, the composite score and rank of the same region-year.
-#}
{%- set variant = method_variant() %}
{%- set options = analysis_options() %}
{%- set keys = scope_keys(variant.scope) %}

with cells as (
    select
        indicator_values.region_id,
        indicator_values.year,
        indicator_values.indicator_id,
        indicators.direction,
        indicator_weights.weight,
        {#- the vector form's input: the raw value, or Z for a centred or interval indicator -#}
        case
            when indicators.direction in ('centred', 'interval') then indicator_values.normalized_value
            else indicator_values.value
        end as value,
        indicator_values.normalized_value
    from {{ ref('indicator_values') }} as indicator_values
    inner join {{ ref('indicator_weights') }} as indicator_weights
        on
            indicator_values.indicator_id = indicator_weights.indicator_id
            {%- if variant.scope == 'year' %}
            and indicator_values.year = indicator_weights.year
            {%- endif %}
    inner join {{ ref('stg_indicators') }} as indicators
        on indicator_values.indicator_id = indicators.indicator_id
),

{%- if options.topsis_form == 'vector' %}

scope_norms as (
    select
        {{ leading_columns(keys) }}
        sqrt(sum(value * value)) as value_norm
    from cells
    {{ group_by_keys(keys) }}
),

weighted as (
    select
        cells.region_id,
        cells.year,
        cells.indicator_id,
        cells.direction,
        cells.weight * cells.value / nullif(scope_norms.value_norm, 0) as weighted_value
    from cells
    inner join scope_norms
        on {{ scope_join(keys, 'cells', 'scope_norms') }}
),
{%- else %}

weighted as (
    select
        region_id,
        year,
        indicator_id,
        direction,
        weight * normalized_value as weighted_value
    from cells
),
{%- endif %}

scope_extremes as (
    select
        {{ leading_columns(keys) }}
        max(weighted_value) as max_value,
        min(weighted_value) as min_value
    from weighted
    {{ group_by_keys(keys) }}
),

ideals as (
    select
        weighted.region_id,
        weighted.year,
        weighted.weighted_value,
        {%- if options.topsis_form == 'vector' %}
        case when weighted.direction = 'negative' then scope_extremes.min_value else scope_extremes.max_value end
        as ideal_value,
        case when weighted.direction = 'negative' then scope_extremes.max_value else scope_extremes.min_value end
        as anti_ideal_value
        {%- else %}
        scope_extremes.max_value as ideal_value,
        scope_extremes.min_value as anti_ideal_value
        {%- endif %}
    from weighted
    inner join scope_extremes
        on {{ scope_join(keys, 'weighted', 'scope_extremes') }}
),

distances as (
    select
        region_id,
        year,
        sqrt(sum((weighted_value - ideal_value) * (weighted_value - ideal_value))) as distance_to_ideal,
        sqrt(sum((weighted_value - anti_ideal_value) * (weighted_value - anti_ideal_value)))
        as distance_to_anti_ideal
    from ideals
    group by region_id, year
),

closeness as (
    select
        region_id,
        year,
        distance_to_ideal,
        distance_to_anti_ideal,
        distance_to_anti_ideal / nullif(distance_to_ideal + distance_to_anti_ideal, 0) as closeness
    from distances
)

select
    closeness.region_id,
    closeness.year,
    closeness.distance_to_ideal,
    closeness.distance_to_anti_ideal,
    closeness.closeness,
    cast(case
        when closeness.closeness is not null
            then rank() over (partition by closeness.year order by closeness.closeness desc nulls last)
    end as {{ dbt.type_int() }}) as topsis_rank,
    composite.score as composite_score,
    composite.rank as composite_rank,
    cast('{{ options.topsis_form }}' as {{ type_id() }}) as topsis_form
from closeness
inner join {{ ref('composite_scores') }} as composite
    on closeness.region_id = composite.region_id and closeness.year = composite.year
