with indicator_weights as (
    select * from {{ ref('int_indicator_weights') }}
),

dimensions as (
    select * from {{ ref('stg_dimensions') }}
),

summed as (
    select
        dimension_id,
        year,
        sum(weight) as weight,
        sum(entropy_weight) as entropy_weight,
        count(*) as indicator_count
    from indicator_weights
    group by dimension_id, year
)

select
    summed.dimension_id,
    summed.year,
    summed.weight,
    summed.entropy_weight,
    summed.indicator_count,
    dimensions.name_en as dimension_name_en,
    dimensions.name_zh as dimension_name_zh,
    dimensions.display_order
from summed
inner join dimensions
    on summed.dimension_id = dimensions.dimension_id
