{#-
    Indicator weights under every variant of the core, side by side: both normalization scopes x
    the four zero handlings x entropy/published weights (with the build's epsilon), each computed
    by calling the core's step macros with that variant. A variant that cannot be computed on this
    panel (see is_applicable) has null weights.
-#}
{%- set variants = sensitivity_variants() %}
{%- set imputed = ref('int_observations_imputed') %}

with
{{ sensitivity_normalized_ctes(imputed, inline=true) }}
{%- set seen = [] %}
{%- for variant in variants if variant.normalization not in seen %}
    {%- do seen.append(variant.normalization) %}

{{ variant.normalization }}_proportions as (
    {{ entropy_proportions(variant.normalization ~ '_normalized', variant.scope) }}
),

{{ variant.normalization }}_entropy as (
    {{ indicator_entropy(variant.normalization ~ '_proportions', variant.scope) }}
),
{%- endfor %}
{%- for variant in variants %}

{{ variant.id }}_weights as (
    {{ indicator_weights(
        variant.normalization ~ '_entropy', ref('stg_indicators'), variant.scope, variant.weights_source
    ) }}
),
{%- endfor %}

applicability as (
    {{ sensitivity_applicability(imputed, ref('stg_indicators')) }}
),

variant_weights as (
    {%- for variant in variants %}
    select
        cast('{{ variant.id }}' as {{ type_id() }}) as variant_id,
        cast('{{ variant.scope }}' as {{ type_id() }}) as normalization_scope,
        cast('{{ variant.zero_handling }}' as {{ type_id() }}) as zero_handling,
        cast('{{ variant.weights_source }}' as {{ type_id() }}) as weights_source,
        {{ 'true' if variant.is_build else 'false' }} as is_build_variant,
        {{ sensitivity_is_applicable(variant) }} as is_applicable,
        weights.indicator_id,
        weights.dimension_id,
        weights.year,
        weights.entropy,
        weights.entropy_weight,
        weights.weight
    from {{ variant.id }}_weights as weights
    cross join applicability
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    variant_id,
    normalization_scope,
    zero_handling,
    weights_source,
    is_build_variant,
    is_applicable,
    indicator_id,
    dimension_id,
    cast(year as {{ dbt.type_int() }}) as year,
    case when is_applicable then entropy end as entropy,
    case when is_applicable then entropy_weight end as entropy_weight,
    case when is_applicable then weight end as weight
from variant_weights
