{#-
    Regions come from the regions input (seed or regions_file). When an analyst gives an
    observations_file without a regions_file, the regions are those the observations name.
-#}
{%- if input_file('regions') or not input_file('observations') %}
{%- set columns = relation_columns(input_relation('regions')) %}

with source_regions as (
    select * from {{ input_relation('regions') }}
),

renamed as (
    select
        {{ required_text_column(columns, 'region_id', 'regions') }} as region_id,
        {{ optional_text_column(columns, 'name_en') }} as name_en,
        {{ optional_text_column(columns, 'name_zh') }} as name_zh,
        {{ optional_text_column(columns, 'division_code') }} as division_code,
        {{ optional_text_column(columns, 'group_id') }} as group_id,
        {{ optional_text_column(columns, 'population') }} as population_text
    from source_regions
)

select
    region_id,
    coalesce(name_en, region_id) as name_en,
    name_zh,
    division_code,
    group_id,
    population_text,
    {{ safe_to_double('population_text') }} as population
from renamed
{%- else %}

with observed_regions as (
    select distinct region_id
    from {{ ref('stg_observations') }}
    where region_id is not null
)

select
    region_id,
    region_id as name_en,
    cast(null as {{ type_id() }}) as name_zh,
    cast(null as {{ type_id() }}) as division_code,
    cast(null as {{ type_id() }}) as group_id,
    cast(null as {{ type_id() }}) as population_text,
    cast(null as {{ type_double() }}) as population
from observed_regions
{%- endif %}
