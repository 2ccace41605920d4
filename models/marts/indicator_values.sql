with imputed as (
    select * from {{ ref('int_observations_imputed') }}
),

proportions as (
    select * from {{ ref('int_proportions') }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
)

select
    imputed.region_id,
    imputed.year,
    imputed.indicator_id,
    imputed.dimension_id,
    imputed.value,
    indicators.unit,
    imputed.provenance,
    imputed.source,
    imputed.is_imputed,
    proportions.normalized_value,
    proportions.score_value,
    proportions.entropy_input,
    proportions.proportion
from imputed
inner join proportions
    on
        imputed.region_id = proportions.region_id
        and imputed.year = proportions.year
        and imputed.indicator_id = proportions.indicator_id
inner join indicators
    on imputed.indicator_id = indicators.indicator_id
