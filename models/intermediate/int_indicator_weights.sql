{#- Step 5, indicator weights: entropy weights, or the published ones. -#}
{%- set variant = method_variant() %}

{{ indicator_weights(ref('int_indicator_entropy'), ref('stg_indicators'), variant.scope, variant.weights_source) }}
