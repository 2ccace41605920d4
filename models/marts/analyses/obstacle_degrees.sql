{#-
    Obstacle degrees: what holds each region back in each year. For an indicator,
    O = W (1 - Z) / sum over the region-year's indicators of W (1 - Z), with W the weight the
    scores use and Z the min-max value of the core (in [0, 1] whatever the zero handling);
    obstacle_form=unscaled gives W (1 - Z) itself (the R package mathmodels' default). A
    dimension's degree (level `dimension`) is the sum over its indicators. Ranked within the
    region-year and level (1 = the largest obstacle); the top obstacle_top_n are flagged.
-#}
{%- set variant = method_variant() %}
{%- set options = analysis_options() %}

with cells as (
    select
        indicator_values.region_id,
        indicator_values.year,
        indicator_values.dimension_id,
        indicator_values.indicator_id,
        indicator_weights.weight,
        indicator_values.normalized_value,
        1 - indicator_values.normalized_value as deviation,
        indicator_weights.weight * (1 - indicator_values.normalized_value) as weighted_deviation
    from {{ ref('indicator_values') }} as indicator_values
    inner join {{ ref('indicator_weights') }} as indicator_weights
        on
            indicator_values.indicator_id = indicator_weights.indicator_id
            {%- if variant.scope == 'year' %}
            and indicator_values.year = indicator_weights.year
            {%- endif %}
),

region_totals as (
    select
        region_id,
        year,
        sum(weighted_deviation) as total_weighted_deviation
    from cells
    group by region_id, year
),

indicator_rows as (
    select
        cells.region_id,
        cells.year,
        cast('indicator' as {{ type_id() }}) as level,
        cells.dimension_id,
        cells.indicator_id,
        cells.weight,
        cells.normalized_value,
        cells.deviation,
        cells.weighted_deviation,
        {%- if options.obstacle_form == 'scaled' %}
        cells.weighted_deviation / nullif(region_totals.total_weighted_deviation, 0) as obstacle_degree
        {%- else %}
        cells.weighted_deviation as obstacle_degree
        {%- endif %}
    from cells
    inner join region_totals
        on cells.region_id = region_totals.region_id and cells.year = region_totals.year
),

dimension_rows as (
    select
        region_id,
        year,
        cast('dimension' as {{ type_id() }}) as level,
        dimension_id,
        cast(null as {{ type_id() }}) as indicator_id,
        sum(weight) as weight,
        sum(weight * normalized_value) / nullif(sum(weight), 0) as normalized_value,
        1 - sum(weight * normalized_value) / nullif(sum(weight), 0) as deviation,
        sum(weighted_deviation) as weighted_deviation,
        sum(obstacle_degree) as obstacle_degree
    from indicator_rows
    group by region_id, year, dimension_id
),

{#- each level ranked on its own: a window partitioned by region-year only, about a third faster
    on 5.7 million rows than one partitioned by region-year and level over the union -#}
{%- for level_rows in ['indicator_rows', 'dimension_rows'] %}
ranked_{{ level_rows }} as (
    select
        *,
        case
            when obstacle_degree is not null
                then rank() over (partition by region_id, year order by obstacle_degree desc nulls last)
        end as obstacle_rank
    from {{ level_rows }}
),
{% endfor %}
ranked as (
    select * from ranked_indicator_rows
    union all
    select * from ranked_dimension_rows
)

select
    region_id,
    year,
    level,
    dimension_id,
    indicator_id,
    weight,
    normalized_value,
    deviation,
    weighted_deviation,
    obstacle_degree,
    cast(obstacle_rank as {{ dbt.type_int() }}) as obstacle_rank,
    coalesce(obstacle_rank <= {{ options.obstacle_top_n }}, false) as is_top_obstacle,
    cast('{{ options.obstacle_form }}' as {{ type_id() }}) as obstacle_form,
    cast(case
        when obstacle_degree is null
            then 'every indicator of the region-year is at its best value: no obstacle (0 / 0)'
    end as {{ type_id() }}) as note
from ranked
