{#-
    Compound average annual growth of each region's composite score and of each of its dimension
    scores, (last / first)^(1 / (years - 1)) - 1, over the panel's whole span and over the span
    of the vars growth_from / growth_to, with the regions' rank by growth (1 = fastest).
    Under normalization_scope=year each year has its own weights and min-max range, so scores of
    different years are not comparable: comparable_across_years says so.
-#}
{%- set variant = method_variant() %}
{%- set options = analysis_options() %}

with measures as (
    {{ score_measures(ref('composite_scores'), ref('dimension_scores')) }}
),

year_span as (
    select
        min(year) as first_year,
        max(year) as last_year
    from measures
),

spans as (
    select
        first_year,
        last_year,
        {{ options.growth_from if options.growth_from is not none else 'first_year' }} as span_from,
        {{ options.growth_to if options.growth_to is not none else 'last_year' }} as span_to
    from year_span
),

endpoints as (
    select
        measures.region_id,
        measures.measure,
        measures.dimension_id,
        spans.first_year,
        spans.last_year,
        spans.span_from,
        spans.span_to,
        max(case when measures.year = spans.first_year then measures.score end) as first_score,
        max(case when measures.year = spans.last_year then measures.score end) as last_score,
        max(case when measures.year = spans.span_from then measures.score end) as span_first_score,
        max(case when measures.year = spans.span_to then measures.score end) as span_last_score
    from measures
    cross join spans
    group by
        measures.region_id,
        measures.measure,
        measures.dimension_id,
        spans.first_year,
        spans.last_year,
        spans.span_from,
        spans.span_to
),

rates as (
    select
        *,
        {{ compound_growth('first_score', 'last_score', 'last_year - first_year') }} as growth_rate,
        {{ compound_growth('span_first_score', 'span_last_score', 'span_to - span_from') }} as span_growth_rate
    from endpoints
)

select
    region_id,
    measure,
    dimension_id,
    first_year,
    last_year,
    first_score,
    last_score,
    last_score - first_score as absolute_change,
    growth_rate,
    cast(case
        when growth_rate is not null
            then rank() over (partition by measure, dimension_id order by growth_rate desc nulls last)
    end as {{ dbt.type_int() }}) as growth_rank,
    cast(span_from as {{ dbt.type_int() }}) as span_from,
    cast(span_to as {{ dbt.type_int() }}) as span_to,
    span_first_score,
    span_last_score,
    span_growth_rate,
    cast(case
        when span_growth_rate is not null
            then rank() over (partition by measure, dimension_id order by span_growth_rate desc nulls last)
    end as {{ dbt.type_int() }}) as span_growth_rank,
    {{ 'false' if variant.scope == 'year' else 'true' }} as comparable_across_years,
    cast(case
        {%- if variant.scope == 'year' %}
        when 1 = 1
            then 'normalization_scope=year: each year has its own weights and min-max range, so scores of '
            || 'different years are not comparable and these growth rates compare unlike quantities'
        {%- endif %}
        when first_year = last_year then 'a single year: no growth'
        when span_first_score is null or span_last_score is null
            then 'the span ' || cast(span_from as {{ type_id() }}) || '-' || cast(span_to as {{ type_id() }})
            || ' is outside the panel''s years'
        when first_score <= 0 or span_first_score <= 0 then 'a first score of 0: growth undefined'
    end as {{ type_id() }}) as note
from rates
