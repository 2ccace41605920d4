{#- One pass over the proportions (a view over the imputed grid), with each indicator's unit. -#}

with proportions as (
    select * from {{ ref('int_proportions') }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
)

select
    proportions.region_id,
    proportions.year,
    proportions.indicator_id,
    proportions.dimension_id,
    proportions.value,
    indicators.unit,
    proportions.provenance,
    proportions.source,
    proportions.is_imputed,
    proportions.normalized_value,
    proportions.score_value,
    proportions.entropy_input,
    proportions.proportion
from proportions
inner join indicators
    on proportions.indicator_id = indicators.indicator_id
