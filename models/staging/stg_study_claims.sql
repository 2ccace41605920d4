{#- The study's numeric claims (seed study_claims), typed: one row per claim. -#}

select
    cast(claim_id as {{ type_id() }}) as claim_id,
    cast(section as {{ type_id() }}) as section,
    cast(sentence as {{ type_id() }}) as sentence,
    cast(claim as {{ type_id() }}) as claim,
    cast(printed as {{ type_id() }}) as printed,
    {{ safe_to_double('published_value') }} as published_value,
    {{ safe_to_double('rounding') }} as rounding,
    cast(comparison as {{ type_id() }}) as comparison,
    cast(check_kind as {{ type_id() }}) as check_kind,
    nullif(trim(cast(statistic as {{ type_id() }})), '') as statistic,
    nullif(trim(cast(region_id as {{ type_id() }})), '') as region_id,
    nullif(trim(cast(other_region_id as {{ type_id() }})), '') as other_region_id,
    nullif(trim(cast(dimension_id as {{ type_id() }})), '') as dimension_id,
    {{ safe_to_integer('from_year') }} as from_year,
    {{ safe_to_integer('year') }} as year,
    cast(computed_from as {{ type_id() }}) as computed_from
from {{ ref('study_claims') }}
