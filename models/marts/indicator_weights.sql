with weights as (
    select * from {{ ref('int_indicator_weights') }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
)

select
    weights.indicator_id,
    weights.dimension_id,
    weights.year,
    weights.entropy,
    weights.divergence,
    weights.weight,
    weights.weights_source,
    weights.entropy_weight,
    indicators.published_weight,
    weights.sample_count,
    indicators.name_en as indicator_name_en,
    indicators.name_zh as indicator_name_zh,
    indicators.direction,
    indicators.display_order
from weights
inner join indicators
    on weights.indicator_id = indicators.indicator_id
