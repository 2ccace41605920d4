{#-
    The entropy method of the study (section 3.2), one macro per step, each formula written once.
    Each macro takes the relation of the previous step and the variant as arguments and returns
    a complete select statement, so a model can compute several variants side by side by calling
    them with other arguments. Scope statistics are grouped aggregates joined back (no window
    functions): that is what stays fast on national-scale panels.
-#}

{#- join condition between a per-sample relation and a per-scope relation -#}
{% macro scope_join(keys, left, right) %}
    {%- set conditions = [] -%}
    {%- for key in keys -%}
        {%- do conditions.append(left ~ '.' ~ key ~ ' = ' ~ right ~ '.' ~ key) -%}
    {%- endfor -%}
    {{- conditions | join(' and ') if conditions else '1 = 1' -}}
{% endmacro %}


{#-
    Step 2, formula (1) with direction: Z = (x - min) / (max - min) for a positive indicator,
    (max - x) / (max - min) for a negative one; min and max over the scope (the whole panel, or
    one year). Both are written (sign * x - sign * origin) / (max - min), with sign 1 and origin
    min for a positive indicator, sign -1 and origin max for a negative one: the same numbers to
    the last bit, +0.0 included ((-x) - (-max) rounds like max - x), and plain arithmetic on each
    sample instead of a branch on its direction, which is read once per scope.
    Two more indicator types (R package mathmodels, rescale_middle and rescale_interval), over
    the same scope:
      centred  (best at target_value t)        Z = 1 - |x - t| / max |x - t|
      interval (best in [lower_bound a, upper_bound b])
               Z = 1 inside [a, b], 1 - (a - x) / M below, 1 - (x - b) / M above,
               M = max(a - min x, max x - b)
    (max |x - t| is max(|min - t|, |max - t|): the farthest sample from t is the minimum or the
    maximum, and rounding is monotone, so it is the same double as the maximum over the samples.)
    Then the zero handling gives the value that enters P and the entropy, and the value X that
    enters the scores:
      zero     Z (0 ln 0 = 0)              X = Z
      shift    Z + epsilon                 X = Z + epsilon
      rescale  positive/negative: epsilon + (1 - 2 epsilon) Z      X = the same
               centred/interval: as mathmodels does for its already-normalised columns
               (direction NA): exactly 0 -> epsilon, exactly 1 -> 1 - epsilon, other values
               unchanged                                          X = the same
      none     the raw value x             X = Z
-#}
{% macro normalize_values(relation, scope, zero_handling, epsilon) %}
    {%- set keys = scope_keys(scope) -%}
    {%- set eps = double_literal(epsilon) -%}
    {%- set one = double_literal(1) -%}
    with scope_ranges as (
        select
            {{ keys | join(', ') }},
            min(value) as min_value,
            max(value) as max_value,
            {{ any_value('direction') }} as direction,
            {{ any_value('target_value') }} as target_value,
            {{ any_value('lower_bound') }} as lower_bound,
            {{ any_value('upper_bound') }} as upper_bound
        from {{ relation }}
        group by {{ keys | join(', ') }}
    ),

    scope_origins as (
        select
            {{ keys | join(', ') }},
            direction in ('positive', 'negative') as is_min_max,
            case when direction = 'negative' then -1 else 1 end as direction_sign,
            case when direction = 'negative' then -1 * max_value else min_value end as signed_origin,
            nullif(max_value - min_value, 0) as value_range,
            target_value,
            lower_bound,
            upper_bound,
            nullif(case
                when direction = 'centred' then
                    case
                        when abs(min_value - target_value) >= abs(max_value - target_value)
                            then abs(min_value - target_value)
                        else abs(max_value - target_value)
                    end
                when direction = 'interval' then
                    case
                        when lower_bound - min_value >= max_value - upper_bound then lower_bound - min_value
                        else max_value - upper_bound
                    end
            end, 0) as ideal_scale
        from scope_ranges
    ),

    min_max_values as (
        select
            samples.region_id,
            samples.year,
            samples.indicator_id,
            samples.dimension_id,
            samples.direction,
            samples.value,
            samples.is_imputed,
            samples.provenance,
            samples.source,
            scope_origins.is_min_max,
            case
                when scope_origins.is_min_max
                    then (scope_origins.direction_sign * samples.value - scope_origins.signed_origin)
                    / scope_origins.value_range
                when samples.direction = 'centred'
                    then {{ one }} - abs(samples.value - scope_origins.target_value) / scope_origins.ideal_scale
                when samples.value < scope_origins.lower_bound
                    then {{ one }} - (scope_origins.lower_bound - samples.value) / scope_origins.ideal_scale
                when samples.value > scope_origins.upper_bound
                    then {{ one }} - (samples.value - scope_origins.upper_bound) / scope_origins.ideal_scale
                when samples.value is not null then {{ one }}
            end as normalized_value
        from {{ relation }} as samples
        inner join scope_origins
            on {{ scope_join(keys, 'samples', 'scope_origins') }}
    )

    select
        region_id,
        year,
        indicator_id,
        dimension_id,
        direction,
        value,
        is_imputed,
        provenance,
        source,
        normalized_value,
        {%- if zero_handling == 'zero' %}
        normalized_value as entropy_input,
        normalized_value as score_value
        {%- elif zero_handling == 'shift' %}
        normalized_value + {{ eps }} as entropy_input,
        normalized_value + {{ eps }} as score_value
        {%- elif zero_handling == 'rescale' %}
        {%- set rescaled -%}
        case
            when is_min_max then {{ eps }} + ({{ one }} - 2 * {{ eps }}) * normalized_value
            when normalized_value = 0 then {{ eps }}
            when normalized_value = 1 then {{ one }} - {{ eps }}
            else normalized_value
        end
        {%- endset %}
        {{ rescaled }} as entropy_input,
        {{ rescaled }} as score_value
        {%- elif zero_handling == 'none' %}
        value as entropy_input,
        normalized_value as score_value
        {%- else %}
        {{ exceptions.raise_compiler_error("unknown zero_handling '" ~ zero_handling ~ "'") }}
        {%- endif %}
    from min_max_values
{% endmacro %}


{#- Step 3, formula (2): P = v / sum of v over the scope's samples of the indicator. -#}
{% macro entropy_proportions(relation, scope) %}
    {%- set keys = scope_keys(scope) -%}
    with scope_totals as (
        select
            {{ keys | join(', ') }},
            nullif(sum(entropy_input), 0) as total_input
        from {{ relation }}
        group by {{ keys | join(', ') }}
    )

    select
        samples.region_id,
        samples.year,
        samples.indicator_id,
        samples.dimension_id,
        samples.value,
        samples.is_imputed,
        samples.provenance,
        samples.source,
        samples.normalized_value,
        samples.score_value,
        samples.entropy_input,
        samples.entropy_input / scope_totals.total_input as proportion
    from {{ relation }} as samples
    inner join scope_totals
        on {{ scope_join(keys, 'samples', 'scope_totals') }}
{% endmacro %}


{#-
    Step 4, formula (3): E = -(1 / ln n) * sum of P ln P over the scope's n samples, with
    P ln P = 0 when P = 0 (written 0 - sum, so that E is never -0.0); the divergence
    (information redundancy) is 1 - E.
-#}
{% macro indicator_entropy(relation, scope) %}
    {%- set keys = scope_keys(scope) -%}
    with entropy_terms as (
        select
            {{ keys | join(', ') }},
            {{ any_value('dimension_id') }} as dimension_id,
            ({{ double_literal(0) }} - sum(
                case when proportion > 0 then proportion * ln(proportion) else {{ double_literal(0) }} end
            )) / nullif(ln(cast(count(*) as {{ type_double() }})), 0) as entropy,
            cast(count(*) as {{ dbt.type_int() }}) as sample_count
        from {{ relation }}
        group by {{ keys | join(', ') }}
    )

    select
        indicator_id,
        dimension_id,
        {{ scope_year_column(scope) }} as year,
        sample_count,
        entropy,
        1 - entropy as divergence
    from entropy_terms
{% endmacro %}


{#-
    Step 5, formula (4): W = (1 - E) / sum of (1 - E) over the indicators of the scope (the
    panel, or one year). weights_source 'published' takes each indicator's published_weight
    instead, the same in every year (indicators_relation gives it).
-#}
{% macro indicator_weights(relation, indicators_relation, scope, weights_source) %}
    {%- set keys = weight_scope_keys(scope) -%}
    with divergence_totals as (
        select
            {% for key in keys %}{{ key }}, {% endfor %}sum(divergence) as total_divergence
        from {{ relation }}
        {% if keys %}group by {{ keys | join(', ') }}{% endif %}
    ),

    entropy_weights as (
        select
            entropies.indicator_id,
            entropies.dimension_id,
            entropies.year,
            entropies.sample_count,
            entropies.entropy,
            entropies.divergence,
            entropies.divergence / nullif(divergence_totals.total_divergence, 0) as entropy_weight
        from {{ relation }} as entropies
        {% if keys -%}
        inner join divergence_totals
            on {{ scope_join(keys, 'entropies', 'divergence_totals') }}
        {%- else -%}
        cross join divergence_totals
        {%- endif %}
    )

    select
        entropy_weights.indicator_id,
        entropy_weights.dimension_id,
        entropy_weights.year,
        entropy_weights.sample_count,
        entropy_weights.entropy,
        entropy_weights.divergence,
        entropy_weights.entropy_weight,
        {%- if weights_source == 'published' %}
        indicators.published_weight as weight,
        {%- else %}
        entropy_weights.entropy_weight as weight,
        {%- endif %}
        '{{ weights_source }}' as weights_source
    from entropy_weights
    inner join {{ indicators_relation }} as indicators
        on entropy_weights.indicator_id = indicators.indicator_id
{% endmacro %}


{#-
    Formula (5), by dimension: score = sum of W * X over the dimension's indicators, for each
    region-year (under year scope, each year's scores use that year's weights).
-#}
{% macro dimension_scores(values_relation, weights_relation, scope) %}
    {%- set keys = scope_keys(scope) -%}
    select
        samples.region_id,
        samples.year,
        samples.dimension_id,
        sum(weights.weight * samples.score_value) as score
    from {{ values_relation }} as samples
    inner join {{ weights_relation }} as weights
        on {{ scope_join(keys, 'samples', 'weights') }}
    group by samples.region_id, samples.year, samples.dimension_id
{% endmacro %}


{#- The composite score is the sum of the dimension scores; rank 1 is the highest of its year. -#}
{% macro composite_scores(dimension_scores_relation) %}
    with composite as (
        select
            region_id,
            year,
            sum(score) as score
        from {{ dimension_scores_relation }}
        group by region_id, year
    )

    select
        region_id,
        year,
        score,
        rank() over (partition by year order by score desc) as score_rank
    from composite
{% endmacro %}
