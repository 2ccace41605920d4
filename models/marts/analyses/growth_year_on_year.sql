{#-
    Year-on-year change of each region's composite score and dimension scores: the absolute
    change from the previous year and the relative change score / previous - 1. Under
    normalization_scope=year the scores of two years are not comparable (comparable_across_years).
-#}
{%- set variant = method_variant() %}

with measures as (
    {{ score_measures(ref('composite_scores'), ref('dimension_scores')) }}
)

select
    measures.region_id,
    measures.measure,
    measures.dimension_id,
    measures.year,
    measures.score,
    previous.score as previous_score,
    measures.score - previous.score as change,
    case when previous.score > 0 then measures.score / previous.score - 1 end as change_rate,
    {{ 'false' if variant.scope == 'year' else 'true' }} as comparable_across_years
from measures
inner join measures as previous
    on
        measures.region_id = previous.region_id
        and measures.measure = previous.measure
        and measures.year = previous.year + 1
