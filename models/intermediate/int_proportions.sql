{#- Step 3, proportions P of each sample within its scope. -#}
{%- set variant = method_variant() %}

{{ entropy_proportions(ref('int_values_normalized'), variant.scope) }}
