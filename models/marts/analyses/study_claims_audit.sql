{#-
    The audit of the study: every numeric claim of its text (seed study_claims) recomputed from
    its own published Tables 1-3 (stg_published_*), never from this build's data. Each table
    figure is known to +/- audit_rounding (half a unit of its third decimal), so each recomputed
    figure is an interval: exact bounds for sums, differences, ratios, growth rates and ranks;
    for the coefficient of variation, Theil's T and the Gini coefficient the extremes over the
    2^n corners of the rounding box of a year's n scores. A claim holds when its own interval
    (printed value +/- its rounding, or a one-sided bound) overlaps the recomputed interval, in
    either form when the statistic has two; `not checkable` when no table bears on it.
-#}
{%- set options = analysis_options() %}
{%- set h = double_literal(options.audit_rounding) %}
{%- set slack = double_literal('1e-12') %}

with claims as (
    select * from {{ ref('stg_study_claims') }}
),

table1 as (
    select
        level,
        dimension_id,
        indicator_id,
        published_weight as value
    from {{ ref('stg_published_weights') }}
),

table2 as (
    select
        region_id,
        year,
        published_score as value
    from {{ ref('stg_published_composite_scores') }}
),

table3 as (
    select
        region_id,
        year,
        dimension_id,
        published_score as value
    from {{ ref('stg_published_dimension_scores') }}
),

-- --------------------------------------------------------------- figures as printed
figures as (
    select
        cast('dimension_weight' as {{ type_id() }}) as statistic,
        cast(null as {{ type_id() }}) as region_id,
        cast(null as {{ dbt.type_int() }}) as year,
        dimension_id,
        value
    from table1
    where level = 'dimension'
    union all
    select
        cast('composite_score' as {{ type_id() }}) as statistic,
        region_id,
        year,
        cast(null as {{ type_id() }}) as dimension_id,
        value
    from table2
    union all
    select
        cast('dimension_score' as {{ type_id() }}) as statistic,
        region_id,
        year,
        dimension_id,
        value
    from table3
),

figure_results as (
    select
        {{ audit_result('claims.claim_id', 'the published figure', 'figures.value',
            'figures.value - ' ~ h, 'figures.value + ' ~ h) }}
    from claims
    inner join figures
        on
            claims.statistic = figures.statistic
            and {{ null_safe_equal('claims.region_id', 'figures.region_id') }}
            and {{ null_safe_equal('claims.dimension_id', 'figures.dimension_id') }}
            and {{ null_safe_equal('claims.year', 'figures.year', '0') }}
    where claims.check_kind = 'published_figure'
),

-- --------------------------------------------------------------- sums and counts
weight_sum_results as (
    select
        {{ audit_result('claims.claim_id', 'sum of the printed weights', 'sum(table1.value)',
            'sum(table1.value) - count(*) * ' ~ h, 'sum(table1.value) + count(*) * ' ~ h) }}
    from claims
    inner join table1
        on
            (
                claims.check_kind = 'dimension_weight_sum'
                and table1.level = 'indicator'
                and table1.dimension_id = claims.dimension_id
            )
            or (claims.check_kind = 'weight_total' and table1.level = claims.statistic)
    group by claims.claim_id
),

counts as (
    select
        cast('dimensions' as {{ type_id() }}) as statistic,
        count(*) as item_count
    from table1
    where level = 'dimension'
    union all
    select
        cast('indicators' as {{ type_id() }}) as statistic,
        count(*) as item_count
    from table1
    where level = 'indicator'
    union all
    select
        cast('regions' as {{ type_id() }}) as statistic,
        count(distinct region_id) as item_count
    from table2
    union all
    select
        cast('years' as {{ type_id() }}) as statistic,
        count(distinct year) as item_count
    from table2
),

count_results as (
    select
        {{ audit_result('claims.claim_id', 'count', 'counts.item_count', 'counts.item_count', 'counts.item_count') }}
    from claims
    inner join counts
        on claims.statistic = counts.statistic
    where claims.check_kind = 'count'
),

dimension_sum_results as (
    select
        {{ audit_result('claims.claim_id', 'sum of the Table 3 scores', 'sum(table3.value)',
            'sum(table3.value) - count(*) * ' ~ h, 'sum(table3.value) + count(*) * ' ~ h) }}
    from claims
    inner join table3
        on claims.region_id = table3.region_id and claims.year = table3.year
    where claims.check_kind = 'dimension_sum'
    group by claims.claim_id
),

-- --------------------------------------------------------------- ratios, gaps, shares, bounds
pair_values as (
    select
        claims.claim_id,
        claims.check_kind,
        numerators.value as numerator,
        denominators.value as denominator
    from claims
    inner join table2 as numerators
        on claims.region_id = numerators.region_id and claims.year = numerators.year
    inner join table2 as denominators
        on claims.other_region_id = denominators.region_id and claims.year = denominators.year
    where claims.check_kind in ('score_ratio', 'score_gap')
    union all
    select
        claims.claim_id,
        claims.check_kind,
        numerators.value as numerator,
        denominators.value as denominator
    from claims
    inner join table3 as numerators
        on
            claims.region_id = numerators.region_id
            and claims.year = numerators.year
            and claims.dimension_id = numerators.dimension_id
    inner join table2 as denominators
        on claims.region_id = denominators.region_id and claims.year = denominators.year
    where claims.check_kind = 'dimension_share'
),

pair_results as (
    select
        {{ audit_result('claim_id', 'ratio', 'numerator / denominator',
            '(numerator - ' ~ h ~ ') / (denominator + ' ~ h ~ ')',
            '(numerator + ' ~ h ~ ') / nullif(denominator - ' ~ h ~ ', 0)') }}
    from pair_values
    where check_kind in ('score_ratio', 'dimension_share')
    union all
    select
        {{ audit_result('claim_id', 'difference', 'numerator - denominator',
            'numerator - denominator - 2 * ' ~ h, 'numerator - denominator + 2 * ' ~ h) }}
    from pair_values
    where check_kind = 'score_gap'
),

max_score_results as (
    select
        {{ audit_result('claims.claim_id', 'highest score of the span', 'max(table2.value)',
            'max(table2.value) - ' ~ h, 'max(table2.value) + ' ~ h) }}
    from claims
    inner join table2
        on
            claims.region_id = table2.region_id
            and table2.year between claims.from_year and claims.year
    where claims.check_kind = 'max_score'
    group by claims.claim_id
),

within_weight_results as (
    select
        {{ audit_result('claims.claim_id', 'largest dimension score - dimension weight',
            'max(table3.value - table1.value)',
            'max(table3.value - table1.value) - 2 * ' ~ h, 'max(table3.value - table1.value) + 2 * ' ~ h) }}
    from claims
    inner join table3
        on claims.dimension_id = table3.dimension_id and claims.year = table3.year
    inner join table1
        on table1.level = 'dimension' and claims.dimension_id = table1.dimension_id
    where claims.check_kind = 'within_weight'
    group by claims.claim_id
),

-- --------------------------------------------------------------- growth
growth_pairs as (
    select
        claims.claim_id,
        claims.check_kind,
        claims.region_id as claim_region_id,
        firsts.region_id,
        firsts.value as first_value,
        lasts.value as last_value,
        claims.year - claims.from_year as periods
    from claims
    inner join table2 as firsts
        on claims.from_year = firsts.year
    inner join table2 as lasts
        on claims.year = lasts.year and firsts.region_id = lasts.region_id
    where
        (claims.check_kind = 'growth' and claims.region_id = firsts.region_id)
        or claims.check_kind = 'growth_rank'
),

growth_intervals as (
    select
        claim_id,
        check_kind,
        claim_region_id,
        region_id,
        {{ compound_growth('first_value', 'last_value', 'periods') }} as growth_value,
        {{ compound_growth('first_value + ' ~ h, 'last_value - ' ~ h, 'periods') }} as growth_low,
        {{ compound_growth('first_value - ' ~ h, 'last_value + ' ~ h, 'periods') }} as growth_high
    from growth_pairs
),

year_on_year as (
    select
        claims.claim_id,
        avg(currents.value / previous.value - 1) as mean_rate,
        avg((currents.value - {{ h }}) / (previous.value + {{ h }}) - 1) as mean_rate_low,
        avg((currents.value + {{ h }}) / nullif(previous.value - {{ h }}, 0) - 1) as mean_rate_high
    from claims
    inner join table2 as previous
        on
            claims.region_id = previous.region_id
            and previous.year >= claims.from_year
            and previous.year < claims.year
    inner join table2 as currents
        on previous.region_id = currents.region_id and currents.year = previous.year + 1
    where claims.check_kind = 'growth'
    group by claims.claim_id
),

growth_results as (
    select
        {{ audit_result('growth_intervals.claim_id', 'compound annual growth', 'growth_intervals.growth_value',
            'growth_intervals.growth_low', 'growth_intervals.growth_high',
            'mean of the year-on-year rates', 'year_on_year.mean_rate',
            'year_on_year.mean_rate_low', 'year_on_year.mean_rate_high') }}
    from growth_intervals
    inner join year_on_year
        on growth_intervals.claim_id = year_on_year.claim_id
    where growth_intervals.check_kind = 'growth'
),

-- --------------------------------------------------------------- series of Table 2 statistics
statistic_series as (
    {{ audit_statistic_series('table2', h) }}
),

disparity_results as (
    select
        {{ audit_result('claims.claim_id',
            'population form (divide by n)', 'series.value', 'series.low', 'series.high',
            'sample form (divide by n - 1)', 'series.alt_value', 'series.alt_low', 'series.alt_high') }}
    from claims
    inner join statistic_series as series
        on claims.statistic = series.statistic and claims.year = series.year and series.region_id is null
    where claims.check_kind = 'disparity'
),

change_results as (
    select
        {{ audit_result('claims.claim_id', 'change (later - earlier)',
            'lasts.value - firsts.value', 'lasts.low - firsts.high', 'lasts.high - firsts.low',
            'change of the sample-form CV', 'lasts.alt_value - firsts.alt_value',
            'lasts.alt_low - firsts.alt_high', 'lasts.alt_high - firsts.alt_low') }}
    from claims
    inner join statistic_series as firsts
        on
            claims.statistic = firsts.statistic
            and claims.from_year = firsts.year
            and {{ null_safe_equal('claims.region_id', 'firsts.region_id') }}
            and {{ null_safe_equal('claims.other_region_id', 'firsts.other_region_id') }}
    inner join statistic_series as lasts
        on
            claims.statistic = lasts.statistic
            and claims.year = lasts.year
            and {{ null_safe_equal('claims.region_id', 'lasts.region_id') }}
            and {{ null_safe_equal('claims.other_region_id', 'lasts.other_region_id') }}
    where claims.check_kind = 'change'
),

min_change_results as (
    select
        {{ audit_result('claims.claim_id', 'smallest year-on-year change',
            'min(currents.value - previous.value)', 'min(currents.low - previous.high)',
            'min(currents.high - previous.low)',
            'smallest year-on-year change of the sample-form CV', 'min(currents.alt_value - previous.alt_value)',
            'min(currents.alt_low - previous.alt_high)', 'min(currents.alt_high - previous.alt_low)') }}
    from claims
    inner join statistic_series as previous
        on
            claims.statistic = previous.statistic
            and previous.year >= claims.from_year
            and previous.year < claims.year
            and (claims.region_id is null or claims.region_id = previous.region_id)
            and {{ null_safe_equal('claims.other_region_id', 'previous.other_region_id') }}
    inner join statistic_series as currents
        on
            previous.statistic = currents.statistic
            and currents.year = previous.year + 1
            and {{ null_safe_equal('previous.region_id', 'currents.region_id') }}
            and {{ null_safe_equal('previous.other_region_id', 'currents.other_region_id') }}
    where claims.check_kind = 'min_change'
    group by claims.claim_id
),

-- --------------------------------------------------------------- ranks (1 = highest), as intervals
rank_results as (
    {{ audit_rank_results('claims', 'table1', 'table2', 'table3', 'growth_intervals', h) }}
),

-- --------------------------------------------------------------- tiers
year_means as (
    select
        year,
        sum(value) / count(*) as mean_value
    from table2
    group by year
),

tier_ratios as (
    select
        table2.region_id,
        table2.year,
        table2.value / nullif(year_means.mean_value, 0) as ratio_to_mean
    from table2
    inner join year_means
        on table2.year = year_means.year
),

tiers as (
    select
        region_id,
        year,
        ratio_to_mean,
        {{ standing_tier('ratio_to_mean', options) }} as tier
    from tier_ratios
),

tier_results as (
    select
        {{ audit_result('claims.claim_id', 'regions in the tier (ratio to the mean at the printed scores)',
            'sum(case when tiers.tier = claims.statistic then 1 else 0 end)',
            'sum(case when tiers.tier = claims.statistic then 1 else 0 end)',
            'sum(case when tiers.tier = claims.statistic then 1 else 0 end)',
            detail=dbt.listagg(
                "tiers.region_id || ' ' || tiers.tier || ' ' || cast(round(cast(tiers.ratio_to_mean as "
                ~ dbt.type_numeric() ~ "), 2) as " ~ type_id() ~ ")",
                "', '",
                "order by tiers.ratio_to_mean desc")) }}
    from claims
    inner join tiers
        on claims.year = tiers.year
    where claims.check_kind = 'tier_count'
    group by claims.claim_id
),

-- --------------------------------------------------------------- verdicts
results as (
    select * from figure_results
    union all select * from weight_sum_results
    union all select * from count_results
    union all select * from dimension_sum_results
    union all select * from pair_results
    union all select * from max_score_results
    union all select * from within_weight_results
    union all select * from growth_results
    union all select * from disparity_results
    union all select * from change_results
    union all select * from min_change_results
    union all select * from rank_results
    union all select * from tier_results
),

bounded as (
    select
        claims.*,
        case
            when claims.comparison in ('approx', 'above') then claims.published_value - coalesce(claims.rounding, 0)
        end as claim_low,
        case
            when claims.comparison in ('approx', 'below') then claims.published_value + coalesce(claims.rounding, 0)
        end as claim_high,
        results.form,
        results.recomputed_value,
        results.recomputed_low,
        results.recomputed_high,
        results.alt_form,
        results.alt_value,
        results.alt_low,
        results.alt_high,
        results.detail
    from claims
    left join results
        on claims.claim_id = results.claim_id
),

verdict_inputs as (
    select
        *,
        recomputed_low is not null
        and (claim_high is null or recomputed_low <= claim_high + {{ slack }})
        and (claim_low is null or recomputed_high >= claim_low - {{ slack }}) as primary_overlaps,
        alt_low is not null
        and (claim_high is null or alt_low <= claim_high + {{ slack }})
        and (claim_low is null or alt_high >= claim_low - {{ slack }}) as alt_overlaps,
        recomputed_value is not null
        and (claim_high is null or recomputed_value <= claim_high + {{ slack }})
        and (claim_low is null or recomputed_value >= claim_low - {{ slack }}) as primary_central_holds,
        alt_value is not null
        and (claim_high is null or alt_value <= claim_high + {{ slack }})
        and (claim_low is null or alt_value >= claim_low - {{ slack }}) as alt_central_holds
    from bounded
)

select
    claim_id,
    section,
    sentence,
    claim,
    printed,
    published_value,
    rounding,
    comparison,
    claim_low,
    claim_high,
    check_kind,
    computed_from,
    form,
    recomputed_value,
    recomputed_low,
    recomputed_high,
    alt_form,
    alt_value,
    alt_low,
    alt_high,
    cast(case
        when primary_overlaps and alt_overlaps then 'both'
        when primary_overlaps then 'primary'
        when alt_overlaps then 'alternative'
    end as {{ type_id() }}) as matching_form,
    case
        when check_kind = 'not_checkable' then null
        else primary_central_holds or alt_central_holds
    end as holds_at_printed_values,
    cast(case
        when check_kind = 'not_checkable' or recomputed_low is null then 'not checkable'
        when primary_overlaps or alt_overlaps then 'holds'
        else 'fails'
    end as {{ type_id() }}) as verdict,
    cast(case
        when check_kind = 'not_checkable' or recomputed_low is null then 'no table of the study bears on the claim'
        when comparison = 'below'
            then 'holds when recomputed_low (or alt_low) <= published_value: the figure can be at most the bound'
        when comparison = 'above'
            then 'holds when recomputed_high (or alt_high) >= published_value: the figure can be at least the bound'
        else 'holds when [published_value - rounding, published_value + rounding] overlaps '
            || '[recomputed_low, recomputed_high] (or [alt_low, alt_high])'
    end as {{ type_id() }}) as rule,
    detail
from verdict_inputs
