{#-
    Each region's score on each dimension in each year beside its composite score: the
    dimension's share of the composite, its achievement U = score / the dimension's weight (the
    share of the dimension's attainable score, 0 to 1), and its rank among the regions and
    among the region's dimensions.
-#}
{%- set variant = method_variant() %}

with dimension_scores as (
    select * from {{ ref('dimension_scores') }}
),

composite as (
    select * from {{ ref('composite_scores') }}
),

dimension_weights as (
    select * from {{ ref('dimension_weights') }}
),

standing as (
    select
        dimension_scores.region_id,
        dimension_scores.year,
        dimension_scores.dimension_id,
        dimension_scores.score,
        composite.score as composite_score,
        dimension_scores.score / nullif(composite.score, 0) as share_of_composite,
        dimension_weights.weight as dimension_weight,
        dimension_scores.score / nullif(dimension_weights.weight, 0) as achievement
    from dimension_scores
    inner join composite
        on
            dimension_scores.region_id = composite.region_id
            and dimension_scores.year = composite.year
    inner join dimension_weights
        on
            dimension_scores.dimension_id = dimension_weights.dimension_id
            {%- if variant.scope == 'year' %}
            and dimension_scores.year = dimension_weights.year
            {%- endif %}
)

select
    region_id,
    year,
    dimension_id,
    score,
    composite_score,
    share_of_composite,
    dimension_weight,
    achievement,
    cast(rank() over (partition by year, dimension_id order by score desc) as {{ dbt.type_int() }})
    as rank_among_regions,
    cast(rank() over (partition by region_id, year order by score desc) as {{ dbt.type_int() }})
    as rank_within_region
from standing
