with composite as (
    {{ composite_scores(ref('dimension_scores')) }}
),

real_inputs as (
    select * from {{ ref('int_real_input_shares') }}
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
