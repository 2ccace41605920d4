with composite as (
    {{ composite_scores(ref('dimension_scores')) }}
),

real_inputs as (
    select
        region_id,
        year,
        {{ real_input_share() }} as real_input_share
    from {{ ref('int_observations_imputed') }}
    group by region_id, year
)

select
    composite.region_id,
    composite.year,
    composite.score,
    cast(composite.score_rank as {{ dbt.type_int() }}) as rank,
    real_inputs.real_input_share
from composite
inner join real_inputs
    on
        composite.region_id = real_inputs.region_id
        and composite.year = real_inputs.year
