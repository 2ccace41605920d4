{#-
    The group detail of the disparity decompositions (regions grouped by their group_id), per
    year: one row per group (other_group_id = group_id) with its count and shares, its own Theil
    T and Gini and their contributions to the within-group terms, and one row per pair of groups
    (group_id < other_group_id) with Dagum's between-group Gini G_jh, relative affluence D_jh and
    its contributions to the net between-group and transvariation terms. Empty unless every
    region carries a group_id; null measures in a year with a single region.
-#}

with scores as (
    {{ grouped_composite_scores(ref('composite_scores'), ref('stg_regions')) }}
),

grouping as (
    select count(*) - count(group_id) as ungrouped_count
    from {{ ref('stg_regions') }}
),

year_counts as (
    select
        year,
        count(*) as region_count
    from scores
    group by year
),

theil_groups as (
    {{ theil_group_terms('scores', ['year'], 'score', 'group_id') }}
),

dagum as (
    {{ dagum_gini_terms('scores', ['year'], 'score', 'group_id') }}
),

theil_totals as (
    select
        year,
        sum(between_term) + sum(within_term) as theil_t
    from theil_groups
    group by year
),

combined as (
    select
        dagum.year,
        dagum.group_id,
        dagum.other_group_id,
        year_counts.region_count >= 2 as is_defined,
        dagum.group_count,
        dagum.other_group_count,
        dagum.group_mean,
        dagum.other_group_mean,
        dagum.count_share,
        dagum.value_share,
        theil_groups.group_theil_t,
        theil_groups.between_term,
        theil_groups.within_term,
        theil_totals.theil_t,
        dagum.pair_gini,
        dagum.relative_affluence,
        dagum.within_contribution,
        dagum.net_between_contribution,
        dagum.transvariation_contribution
    from dagum
    cross join grouping
    inner join year_counts
        on dagum.year = year_counts.year
    left join theil_groups
        on
            dagum.year = theil_groups.year
            and dagum.group_id = theil_groups.group_id
            and dagum.group_id = dagum.other_group_id
    left join theil_totals
        on dagum.year = theil_totals.year
    where grouping.ungrouped_count = 0
)

select
    year,
    group_id,
    other_group_id,
    group_id = other_group_id as is_within_group,
    cast(group_count as {{ dbt.type_int() }}) as region_count,
    cast(other_group_count as {{ dbt.type_int() }}) as other_region_count,
    group_mean as mean_score,
    other_group_mean as other_mean_score,
    case when group_id = other_group_id then count_share end as region_share,
    case when group_id = other_group_id and is_defined then value_share end as score_share,
    case when is_defined then group_theil_t end as theil_t,
    case when is_defined then between_term end as theil_between_term,
    case when is_defined then within_term end as theil_within_term,
    case when is_defined then within_term / nullif(theil_t, 0) end as theil_within_term_share,
    case when is_defined then pair_gini end as gini,
    case when is_defined then relative_affluence end as relative_affluence,
    case when is_defined then within_contribution end as gini_within_contribution,
    case when is_defined then net_between_contribution end as gini_between_net_contribution,
    case when is_defined then transvariation_contribution end as gini_transvariation_contribution
from combined
