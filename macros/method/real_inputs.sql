{#-
    The share of real inputs behind a result: the share of the scored grid's cells whose
    provenance is reported, derived or proxy and which were not imputed.
-#}
{% macro real_input_share(provenance_column='provenance', imputed_column='is_imputed') %}
    avg(
        case
            when not {{ imputed_column }} and {{ provenance_column }} in ('reported', 'derived', 'proxy')
                then {{ double_literal(1) }}
            else {{ double_literal(0) }}
        end
    )
{% endmacro %}
