{#- Step 2, normalization: min-max with direction over the scope, then the zero handling. -#}
-- depends_on: {{ ref('int_scope_problems') }}
{%- set variant = method_variant() %}

{{ normalize_values(ref('int_observations_imputed'), variant.scope, variant.zero_handling, variant.epsilon) }}
