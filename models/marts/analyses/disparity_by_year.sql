{#-
    Disparity among the regions' composite scores in each year: coefficients of variation
    (population and sample forms), Theil's T with its between/within-group decomposition, the
    Gini coefficient with Dagum's decomposition by group, the max/min ratio and the
    leader-laggard gap, and the count of regions in each standing tier with the year's spatial
    pattern. The decompositions need every region to carry a group_id (regions input), the
    population-weighted Gini every region to carry a population (each score read as a level
    per head). With a single region disparity is undefined: the measures are null and note says
    so.
-#}
{%- set variant = method_variant() %}

with scores as (
    {{ grouped_composite_scores(ref('composite_scores'), ref('stg_regions')) }}
),

grouping as (
    select
        count(*) - count(group_id) as ungrouped_count,
        count(distinct group_id) as group_count,
        count(population) as populated_count,
        count(*) - count(population) as unpopulated_count
    from {{ ref('stg_regions') }}
),

populated_scores as (
    select
        scores.region_id,
        scores.year,
        scores.score,
        regions.population
    from scores
    inner join {{ ref('stg_regions') }} as regions
        on scores.region_id = regions.region_id
),

dispersion as (
    {{ dispersion_statistics('scores', ['year'], 'score') }}
),

theil as (
    {{ theil_index('scores', ['year'], 'score') }}
),

gini as (
    {{ gini_index('scores', ['year'], 'score') }}
),

weighted_gini as (
    {{ population_weighted_gini('populated_scores', ['year'], 'score', 'population', 'region_id') }}
),

theil_groups as (
    {{ theil_group_terms('scores', ['year'], 'score', 'group_id') }}
),

theil_decomposition as (
    select
        year,
        sum(between_term) as theil_between,
        sum(within_term) as theil_within
    from theil_groups
    group by year
),

dagum as (
    {{ dagum_gini_terms('scores', ['year'], 'score', 'group_id') }}
),

dagum_decomposition as (
    select
        year,
        sum(within_contribution) as gini_within,
        sum(coalesce(net_between_contribution, 0)) as gini_between_net,
        sum(coalesce(transvariation_contribution, 0)) as gini_transvariation
    from dagum
    group by year
),

extremes as (
    select
        scores.year,
        min(case when scores.score = dispersion.max_value then scores.region_id end) as leader_region_id,
        min(case when scores.score = dispersion.min_value then scores.region_id end) as laggard_region_id
    from scores
    inner join dispersion
        on scores.year = dispersion.year
    group by scores.year
),

tiers as (
    select
        year,
        sum(case when tier = 'leading' then 1 else 0 end) as leading_count,
        sum(case when tier = 'middle' then 1 else 0 end) as middle_count,
        sum(case when tier = 'lagging' then 1 else 0 end) as lagging_count
    from {{ ref('region_standing') }}
    group by year
),

combined as (
    select
        dispersion.year,
        dispersion.sample_count as region_count,
        dispersion.sample_count >= 2 as is_defined,
        grouping.ungrouped_count = 0 as is_grouped,
        grouping.group_count,
        grouping.ungrouped_count,
        grouping.populated_count > 0 and grouping.unpopulated_count > 0 as is_partly_populated,
        grouping.unpopulated_count,
        dispersion.mean_value,
        dispersion.min_value,
        dispersion.max_value,
        extremes.leader_region_id,
        extremes.laggard_region_id,
        dispersion.value_range,
        dispersion.max_min_ratio,
        dispersion.sd_population,
        dispersion.sd_sample,
        dispersion.cv_population,
        dispersion.cv_sample,
        theil.theil_t,
        theil_decomposition.theil_between,
        theil_decomposition.theil_within,
        gini.gini,
        weighted_gini.gini_population_weighted,
        dagum_decomposition.gini_within,
        dagum_decomposition.gini_between_net,
        dagum_decomposition.gini_transvariation,
        tiers.leading_count,
        tiers.middle_count,
        tiers.lagging_count
    from dispersion
    cross join grouping
    inner join extremes
        on dispersion.year = extremes.year
    inner join theil
        on dispersion.year = theil.year
    inner join gini
        on dispersion.year = gini.year
    inner join weighted_gini
        on dispersion.year = weighted_gini.year
    inner join tiers
        on dispersion.year = tiers.year
    left join theil_decomposition
        on dispersion.year = theil_decomposition.year
    left join dagum_decomposition
        on dispersion.year = dagum_decomposition.year
)

select
    year,
    cast(region_count as {{ dbt.type_int() }}) as region_count,
    is_defined,
    mean_value as mean_score,
    min_value as min_score,
    max_value as max_score,
    leader_region_id,
    laggard_region_id,
    case when is_defined then value_range end as leader_laggard_gap,
    case when is_defined then max_min_ratio end as max_min_ratio,
    case when is_defined then sd_population end as sd_population,
    case when is_defined then sd_sample end as sd_sample,
    case when is_defined then cv_population end as cv_population,
    case when is_defined then cv_sample end as cv_sample,
    case when is_defined then theil_t end as theil_t,
    case when is_defined and is_grouped then theil_between end as theil_between,
    case when is_defined and is_grouped then theil_within end as theil_within,
    case when is_defined and is_grouped then theil_between / nullif(theil_t, 0) end as theil_between_share,
    case when is_defined and is_grouped then theil_within / nullif(theil_t, 0) end as theil_within_share,
    case when is_defined then gini end as gini,
    case when is_defined then gini_population_weighted end as gini_population_weighted,
    case when is_defined and is_grouped then gini_within end as gini_within,
    case when is_defined and is_grouped then gini_between_net end as gini_between_net,
    case when is_defined and is_grouped then gini_transvariation end as gini_transvariation,
    case when is_defined and is_grouped then gini_within / nullif(gini, 0) end as gini_within_share,
    case when is_defined and is_grouped then gini_between_net / nullif(gini, 0) end as gini_between_net_share,
    case
        when is_defined and is_grouped then gini_transvariation / nullif(gini, 0)
    end as gini_transvariation_share,
    cast(case when is_grouped then group_count end as {{ dbt.type_int() }}) as group_count,
    cast(leading_count as {{ dbt.type_int() }}) as leading_count,
    cast(middle_count as {{ dbt.type_int() }}) as middle_count,
    cast(lagging_count as {{ dbt.type_int() }}) as lagging_count,
    {{ spatial_pattern('region_count', 'leading_count', 'lagging_count') }} as spatial_pattern,
    {{ 'false' if variant.scope == 'year' else 'true' }} as comparable_across_years,
    cast(case
        when not is_defined then 'a single region: disparity is undefined'
        when mean_value = 0 then 'every score is 0: relative measures are undefined'
        when not is_grouped and is_partly_populated
            then cast(ungrouped_count as {{ type_id() }})
            || ' region(s) without group_id: no between/within decomposition; '
            || cast(unpopulated_count as {{ type_id() }})
            || ' region(s) without population: no population-weighted Gini'
        when not is_grouped
            then cast(ungrouped_count as {{ type_id() }})
            || ' region(s) without group_id: no between/within decomposition'
        when is_partly_populated
            then cast(unpopulated_count as {{ type_id() }})
            || ' region(s) without population: no population-weighted Gini'
    end as {{ type_id() }}) as note
from combined
