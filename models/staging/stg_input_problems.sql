{#-
    Every problem found in the raw inputs, one row per offending id or row. A post-hook
    (raise_input_problems) stops the build with all of them listed, before any step of the method
    runs; the table stays in the working database for inspection.
-#}
{%- set variant = method_variant() %}
{%- set id_text = type_id() %}

with observations as (
    select * from {{ ref('stg_observations') }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
),

regions as (
    select * from {{ ref('stg_regions') }}
),

dimensions as (
    select * from {{ ref('stg_dimension_names') }}
),

{#- ids are checked once per distinct id, not once per observation row -#}
observation_region_ids as (
    select distinct region_id
    from observations
),

observation_indicator_ids as (
    select distinct indicator_id
    from observations
),

invalid_ids as (
    {{ invalid_ids('indicators', 'indicator_id', 'indicators.indicator_id') }}
    union all
    select
        'invalid_id' as problem,
        'indicators.dimension_id ''' || dimension_id || ''' (indicator ' || coalesce(indicator_id, '?') || ')'
    from indicators
    where dimension_id is not null and not {{ is_valid_id('dimension_id') }}
    union all
    {{ invalid_ids('dimensions', 'dimension_id', 'dimensions.dimension_id') }}
    union all
    {{ invalid_ids('regions', 'region_id', 'regions.region_id') }}
    union all
    {{ invalid_ids('observation_region_ids', 'region_id', 'observations.region_id') }}
    union all
    {{ invalid_ids('observation_indicator_ids', 'indicator_id', 'observations.indicator_id') }}
),

duplicate_indicators as (
    {{ duplicate_ids('indicators', 'indicator_id', 'duplicate_indicator') }}
),

duplicate_regions as (
    {{ duplicate_ids('regions', 'region_id', 'duplicate_region') }}
),

duplicate_dimensions as (
    {{ duplicate_ids('dimensions', 'dimension_id', 'duplicate_dimension') }}
),

invalid_display_orders as (
    select
        'invalid_display_order' as problem,
        coalesce(dimension_id, '?') || ': ''' || display_order_text || '''' as offending
    from dimensions
    where display_order_text is not null and display_order is null
),

indicators_without_dimension as (
    select
        'missing_dimension' as problem,
        coalesce(indicator_id, '?') as offending
    from indicators
    where dimension_id is null
),

invalid_directions as (
    select
        'invalid_direction' as problem,
        coalesce(indicator_id, '?') || ': ''' || coalesce(direction, '') || '''' as offending
    from indicators
    where direction is null or direction not in ('positive', 'negative', 'centred', 'interval')
),

{#- a centred indicator needs its target, an interval one its bounds (numbers, lower <= upper) -#}
invalid_target_values as (
    select
        'invalid_target_value' as problem,
        coalesce(indicator_id, '?') || ': target_value ''' || coalesce(target_value_text, '') || '''' as offending
    from indicators
    where
        direction = 'centred'
        and (target_value is null or not {{ is_finite('target_value') }})
),

invalid_interval_bounds as (
    select
        'invalid_interval_bounds' as problem,
        coalesce(indicator_id, '?') || ': lower_bound ''' || coalesce(lower_bound_text, '')
        || ''', upper_bound ''' || coalesce(upper_bound_text, '') || '''' as offending
    from indicators
    where
        direction = 'interval'
        and (
            lower_bound is null
            or upper_bound is null
            or not {{ is_finite('lower_bound') }}
            or not {{ is_finite('upper_bound') }}
            or lower_bound > upper_bound
        )
),

invalid_published_weights as (
    select
        'invalid_published_weight' as problem,
        coalesce(indicator_id, '?') || ': ''' || published_weight_text || '''' as offending
    from indicators
    where
        published_weight_text is not null
        and (
            published_weight is null
            or not {{ is_finite('published_weight') }}
            or published_weight < 0
        )
),

missing_published_weights as (
    select
        'missing_published_weight' as problem,
        coalesce(indicator_id, '?') as offending
    from indicators
    where {{ "published_weight_text is null" if variant.weights_source == 'published' else "1 = 0" }}
),

published_weight_totals as (
    select
        'published_weights_sum' as problem,
        'the published weights sum to ' || cast(sum(published_weight) as {{ id_text }}) as offending
    from indicators
    having
        {{ "true" if variant.weights_source == 'published' else "false" }}
        and abs(sum(published_weight) - 1) > 1e-9
),

invalid_years as (
    select
        'invalid_year' as problem,
        coalesce(region_id, '?') || '/' || coalesce(indicator_id, '?')
        || ': year ''' || coalesce(year_text, '') || '''' as offending
    from observations
    where year is null
),

non_numeric_values as (
    select
        'non_numeric_value' as problem,
        coalesce(region_id, '?') || '/' || coalesce(cast(year as {{ id_text }}), year_text, '?')
        || '/' || coalesce(indicator_id, '?')
        || ': value ''' || value_text || '''' as offending
    from observations
    where value_text is not null and value is null
),

non_finite_values as (
    select
        'non_finite_value' as problem,
        coalesce(region_id, '?') || '/' || coalesce(cast(year as {{ id_text }}), year_text, '?')
        || '/' || coalesce(indicator_id, '?')
        || ': value ''' || value_text || '''' as offending
    from observations
    where value is not null and not {{ is_finite('value') }}
),

{#-
    A cell is its region, indicator and year: the integer year where it parses (2003 and 2003.0
    are the same cell), else the year's text (year_text is null wherever year is not).
-#}
duplicate_observations as (
    select
        'duplicate_observation' as problem,
        coalesce(region_id, '?') || '/' || coalesce(cast(year as {{ id_text }}), year_text, '?')
        || '/' || coalesce(indicator_id, '?')
        || ' (' || cast(count(*) as {{ id_text }}) || ' rows)' as offending
    from observations
    group by region_id, year, year_text, indicator_id
    having count(*) > 1
),

unknown_indicators as (
    select
        'unknown_indicator' as problem,
        observations.indicator_id || ' (' || cast(count(*) as {{ id_text }}) || ' observation rows)'
        as offending
    from observations
    left join indicators
        on observations.indicator_id = indicators.indicator_id
    where observations.indicator_id is not null and indicators.indicator_id is null
    group by observations.indicator_id
),

unknown_regions as (
    select
        'unknown_region' as problem,
        observations.region_id || ' (' || cast(count(*) as {{ id_text }}) || ' observation rows)'
        as offending
    from observations
    left join regions
        on observations.region_id = regions.region_id
    where observations.region_id is not null and regions.region_id is null
    group by observations.region_id
),

invalid_provenance as (
    select
        'invalid_provenance' as problem,
        coalesce(region_id, '?') || '/' || coalesce(cast(year as {{ id_text }}), year_text, '?')
        || '/' || coalesce(indicator_id, '?')
        || ': provenance ''' || provenance || '''' as offending
    from observations
    where
        provenance is not null
        and provenance not in ('reported', 'derived', 'proxy', 'synthetic', 'unspecified')
),

non_positive_values as (
    select
        'non_positive_value' as problem,
        coalesce(region_id, '?') || '/' || coalesce(cast(year as {{ id_text }}), year_text, '?')
        || '/' || coalesce(indicator_id, '?')
        || ': value ' || value_text as offending
    from observations
    where {{ "value <= 0" if variant.zero_handling == 'none' else "1 = 0" }}
),

{#- population is optional (empty = unknown); given, it must be a finite number > 0 -#}
invalid_populations as (
    select
        'invalid_population' as problem,
        'region ' || coalesce(region_id, '?') || ': population ''' || population_text || '''' as offending
    from regions
    where
        population_text is not null
        and (
            population is null
            or not {{ is_finite('population') }}
            or population <= 0
        )
),

no_observations as (
    select
        'no_observations' as problem,
        'the observations input has no value at all' as offending
    from (select count(value) as value_count from observations) as counted
    where value_count = 0
),

problems as (
    select * from invalid_ids
    union all select * from duplicate_indicators
    union all select * from duplicate_regions
    union all select * from duplicate_dimensions
    union all select * from invalid_display_orders
    union all select * from indicators_without_dimension
    union all select * from invalid_directions
    union all select * from invalid_target_values
    union all select * from invalid_interval_bounds
    union all select * from invalid_published_weights
    union all select * from missing_published_weights
    union all select * from published_weight_totals
    union all select * from invalid_years
    union all select * from non_numeric_values
    union all select * from non_finite_values
    union all select * from duplicate_observations
    union all select * from unknown_indicators
    union all select * from unknown_regions
    union all select * from invalid_provenance
    union all select * from non_positive_values
    union all select * from invalid_populations
    union all select * from no_observations
)

select
    cast(problem as {{ id_text }}) as problem,
    cast(offending as {{ id_text }}) as offending
from problems
