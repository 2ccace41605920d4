{#-
    Provenance bookkeeping, apart from the method's steps: for each region-year, the share of
    its scored cells that are real inputs (composite_scores shows it beside each score).
-#}

with imputed as (
    select * from {{ ref('int_observations_imputed') }}
)

select
    region_id,
    year,
    {{ real_input_share() }} as real_input_share
from imputed
group by region_id, year
