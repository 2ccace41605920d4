{#- Step 4, the information entropy of each indicator in each scope. -#}
{%- set variant = method_variant() %}

{{ indicator_entropy(ref('int_proportions'), variant.scope) }}
