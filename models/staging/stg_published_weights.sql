{#- Table 1 of the study: dimension and indicator weights, keyed by id. -#}

select
    cast(level as {{ type_id() }}) as level,
    cast(dimension_id as {{ type_id() }}) as dimension_id,
    cast(indicator_id as {{ type_id() }}) as indicator_id,
    cast(published_label as {{ type_id() }}) as published_label,
    cast(published_weight as {{ type_double() }}) as published_weight
from {{ ref('published_table1_weights') }}
