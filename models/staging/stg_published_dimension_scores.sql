{#- Table 3 of the study: dimension scores by region for its last year. -#}

select
    cast(region_id as {{ type_id() }}) as region_id,
    cast(year as {{ dbt.type_int() }}) as year,
    cast(dimension_id as {{ type_id() }}) as dimension_id,
    cast(published_score as {{ type_double() }}) as published_score
from {{ ref('published_table3_dimension_scores') }}
