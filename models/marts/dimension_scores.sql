{%- set variant = method_variant() %}

with scores as (
    {{ dimension_scores(ref('int_values_normalized'), ref('int_indicator_weights'), variant.scope) }}
)

select
    region_id,
    year,
    dimension_id,
    score
from scores
