{#- Table 2 of the study: composite scores by region and year. -#}

select
    cast(region_id as {{ type_id() }}) as region_id,
    cast(year as {{ dbt.type_int() }}) as year,
    cast(published_score as {{ type_double() }}) as published_score
from {{ ref('published_table2_composite_scores') }}
