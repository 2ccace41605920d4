{#-
    Each region's standing in each year: its composite score against the year's leader (ratio
    and gap) and the cross-region mean (ratio and tier), and the dimension that contributes most
    to its score. Tiers: `leading` at or above tier_leading_ratio × the mean, `lagging` below
    tier_lagging_ratio × the mean, `middle` between; null for a year with a single region.
-#}
{%- set options = analysis_options() %}

with composite as (
    select * from {{ ref('composite_scores') }}
),

year_statistics as (
    select
        year,
        count(*) as region_count,
        sum(score) / count(*) as mean_score,
        max(score) as leader_score
    from composite
    group by year
),

leaders as (
    select
        composite.year,
        min(composite.region_id) as leader_region_id
    from composite
    inner join year_statistics
        on composite.year = year_statistics.year and composite.score = year_statistics.leader_score
    group by composite.year
),

top_dimensions as (
    select
        region_id,
        year,
        min(dimension_id) as top_dimension_id,
        max(share_of_composite) as top_dimension_share
    from {{ ref('dimension_standing') }}
    where rank_within_region = 1
    group by region_id, year
),

standing as (
    select
        composite.region_id,
        composite.year,
        composite.score,
        composite.rank,
        year_statistics.region_count,
        leaders.leader_region_id,
        year_statistics.leader_score,
        composite.score / nullif(year_statistics.leader_score, 0) as ratio_to_leader,
        year_statistics.leader_score - composite.score as gap_to_leader,
        year_statistics.mean_score,
        case
            when year_statistics.region_count >= 2 then composite.score / nullif(year_statistics.mean_score, 0)
        end as ratio_to_mean,
        top_dimensions.top_dimension_id,
        top_dimensions.top_dimension_share
    from composite
    inner join year_statistics
        on composite.year = year_statistics.year
    inner join leaders
        on composite.year = leaders.year
    left join top_dimensions
        on composite.region_id = top_dimensions.region_id and composite.year = top_dimensions.year
)

select
    region_id,
    year,
    score,
    rank,
    leader_region_id,
    leader_score,
    ratio_to_leader,
    gap_to_leader,
    mean_score,
    ratio_to_mean,
    {{ standing_tier('ratio_to_mean', options) }} as tier,
    top_dimension_id,
    top_dimension_share,
    cast(region_count as {{ dbt.type_int() }}) as region_count
from standing
