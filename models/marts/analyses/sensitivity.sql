{#-
    Region scores and ranks under every variant of the core, side by side with the build's own:
    both normalization scopes x the four zero handlings x entropy/published weights, each scored
    by the core's macros with that variant's normalization and weights (sensitivity_weights).
    A variant that cannot be computed on this panel (is_applicable false) has null scores.
-#}
{%- set variants = sensitivity_variants() %}
{%- set imputed = ref('int_observations_imputed') %}

with
{{ sensitivity_normalized_ctes(imputed) }}
{%- for variant in variants %}

{{ variant.id }}_weights as (
    select *
    from {{ ref('sensitivity_weights') }}
    where variant_id = '{{ variant.id }}' and is_applicable
),

{{ variant.id }}_dimension_scores as (
    {{ dimension_scores(variant.normalization ~ '_normalized', variant.id ~ '_weights', variant.scope) }}
),

{{ variant.id }}_composite as (
    {{ composite_scores(variant.id ~ '_dimension_scores') }}
),
{%- endfor %}

variants as (
    select distinct
        variant_id,
        normalization_scope,
        zero_handling,
        weights_source,
        is_build_variant,
        is_applicable
    from {{ ref('sensitivity_weights') }}
),

variant_scores as (
    {%- for variant in variants %}
    select
        cast('{{ variant.id }}' as {{ type_id() }}) as variant_id,
        region_id,
        year,
        score,
        score_rank
    from {{ variant.id }}_composite
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

build as (
    select * from {{ ref('composite_scores') }}
)

select
    variants.variant_id,
    variants.normalization_scope,
    variants.zero_handling,
    variants.weights_source,
    variants.is_build_variant,
    variants.is_applicable,
    build.region_id,
    build.year,
    variant_scores.score,
    cast(variant_scores.score_rank as {{ dbt.type_int() }}) as rank,
    build.score as build_score,
    build.rank as build_rank,
    cast(variant_scores.score_rank - build.rank as {{ dbt.type_int() }}) as rank_change
from variants
cross join build
left join variant_scores
    on
        variants.variant_id = variant_scores.variant_id
        and build.region_id = variant_scores.region_id
        and build.year = variant_scores.year
