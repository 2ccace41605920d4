{#- The dimensions the indicators name, with names from the dimensions seed where it knows them. -#}

with indicator_dimensions as (
    select distinct dimension_id
    from {{ ref('stg_indicators') }}
    where dimension_id is not null
),

dimension_names as (
    select
        cast(dimension_id as {{ type_id() }}) as dimension_id,
        cast(name_en as {{ type_id() }}) as name_en,
        cast(name_zh as {{ type_id() }}) as name_zh,
        cast(display_order as {{ dbt.type_int() }}) as display_order
    from {{ ref('dimensions') }}
)

select
    indicator_dimensions.dimension_id,
    coalesce(dimension_names.name_en, indicator_dimensions.dimension_id) as name_en,
    dimension_names.name_zh,
    dimension_names.display_order
from indicator_dimensions
left join dimension_names
    on indicator_dimensions.dimension_id = dimension_names.dimension_id
