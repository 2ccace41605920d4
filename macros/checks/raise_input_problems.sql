{#-
    Post-hook of the problem models: stops the build with one message that names every offending
    id or row (the first 20 of each kind) and says what to do. Nothing is published after a
    failed build, so the last good warehouse stays as it was.
-#}

{% macro problem_advice() %}
    {{ return({
        'invalid_id': "Ids must be text matching ^[A-Za-z0-9_]{1,64}$ (letters, digits and underscores): rename them in every input that uses them.",
        'duplicate_indicator': "Each indicator_id must appear once in the indicators input: remove or rename the duplicates.",
        'duplicate_region': "Each region_id must appear once in the regions input: remove or rename the duplicates.",
        'duplicate_dimension': "Each dimension_id must appear once in the dimensions input: remove or rename the duplicates.",
        'invalid_display_order': "display_order (the dimensions input) must be a whole number, or empty: correct it for these dimensions.",
        'missing_dimension': "Every indicator needs a dimension_id: fill it in the indicators input.",
        'invalid_direction': "direction must be 'positive', 'negative', 'centred' (best at target_value) or 'interval' (best between lower_bound and upper_bound): correct it in the indicators input.",
        'invalid_target_value': "A centred indicator is best at its target_value, which must be a finite number: fill the column target_value of these indicators in the indicators input.",
        'invalid_interval_bounds': "An interval indicator is best between lower_bound and upper_bound, which must be finite numbers with lower_bound <= upper_bound: fill or correct these columns of these indicators in the indicators input.",
        'invalid_published_weight': "published_weight must be a non-negative number or empty: correct it in the indicators input.",
        'missing_published_weight': "weights_source=published needs a published_weight for every indicator: add them, or build with weights_source=entropy.",
        'published_weights_sum': "weights_source=published takes the published weights as they are, and they must sum to 1: correct them, or build with weights_source=entropy.",
        'invalid_year': "year must be a whole number: correct these observation rows.",
        'non_numeric_value': "value must be a number, or empty for a missing value: correct these observation rows.",
        'non_finite_value': "value must be finite (not inf or NaN): correct these observation rows, or leave them empty to have them interpolated.",
        'duplicate_observation': "Each (region_id, year, indicator_id) must appear once in the observations: keep one row per cell.",
        'unknown_indicator': "These observations name an indicator missing from the indicators input: add the indicator, or remove the rows.",
        'unknown_region': "These observations name a region missing from the regions input: add the region, or remove the rows.",
        'invalid_provenance': "provenance must be reported, derived, proxy, synthetic or unspecified (or empty): correct these rows.",
        'non_positive_value': "zero_handling=none takes P = x / sum(x) on the raw values, which must all be positive: use zero_handling zero, shift or rescale, or correct the values.",
        'invalid_population': "population (the regions input, used for the population-weighted Gini) must be a finite number > 0, or empty when unknown: correct it for these regions.",
        'no_observations': "Give at least one observation with a value.",
        'empty_series': "A region has no value at all for an indicator, so there is nothing to interpolate from: add at least one observation for it, or drop the region or indicator.",
        'too_few_samples': "The entropy needs at least two samples in each scope (ln n = 0 otherwise): add regions or years, or use normalization_scope=panel.",
        'constant_indicator': "An indicator whose values are all equal in a scope has max = min, so min-max normalization is undefined (and a centred or interval indicator carries no information there): drop the indicator, or use normalization_scope=panel.",
        'undefined_proportions': "Under zero_handling=zero, P = Z / sum of Z is 0 / 0 when every Z of a scope is 0: a centred indicator whose values are all equally far from target_value, or an interval indicator whose values are all equally far outside its bounds. Use zero_handling shift or rescale (P stays defined), check target_value or the bounds, or drop the indicator.",
    }) }}
{% endmacro %}

{% macro raise_input_problems(relation) %}
    {%- if execute -%}
        {%- set result = run_query(
            'select problem, offending from ' ~ relation ~ ' order by problem, offending'
        ) -%}
        {%- if result.rows | length > 0 -%}
            {%- set advice = problem_advice() -%}
            {%- set by_problem = {} -%}
            {%- for row in result.rows -%}
                {%- do by_problem.setdefault(row[0], []).append(row[1]) -%}
            {%- endfor -%}
            {%- set lines = [
                'The inputs have ' ~ (result.rows | length) ~ ' problem(s); the build stopped and nothing was published.'
            ] -%}
            {%- for problem, offending in by_problem.items() -%}
                {%- do lines.append('') -%}
                {%- do lines.append('[' ~ problem ~ '] ' ~ advice.get(problem, '')) -%}
                {%- for item in offending[:20] -%}
                    {%- do lines.append('  - ' ~ item) -%}
                {%- endfor -%}
                {%- if offending | length > 20 -%}
                    {%- do lines.append('  ... and ' ~ (offending | length - 20) ~ ' more (select * from ' ~ relation ~ ')') -%}
                {%- endif -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(lines | join('\n')) }}
        {%- endif -%}
    {%- endif -%}
    select 1 as input_problems_checked
{% endmacro %}
