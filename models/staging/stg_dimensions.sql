{#- The dimensions the indicators name, with names and order from the dimensions input where it knows them. -#}

with indicator_dimensions as (
    select distinct dimension_id
    from {{ ref('stg_indicators') }}
    where dimension_id is not null
),

dimension_names as (
    select * from {{ ref('stg_dimension_names') }}
)

select
    indicator_dimensions.dimension_id,
    coalesce(dimension_names.name_en, indicator_dimensions.dimension_id) as name_en,
    dimension_names.name_zh,
    dimension_names.display_order
from indicator_dimensions
left join dimension_names
    on indicator_dimensions.dimension_id = dimension_names.dimension_id
