{#-
    Helpers of the study_claims_audit mart: each check of a claim yields one row of the same
    columns (the recomputed figure and its interval, optionally a second form of the statistic).
-#}

{% macro audit_result(claim_id, form, value, low, high, alt_form=none, alt_value=none, alt_low=none, alt_high=none, detail=none) %}
    {{ claim_id }} as claim_id,
    cast({{ "'" ~ form ~ "'" }} as {{ type_id() }}) as form,
    cast({{ value }} as {{ type_double() }}) as recomputed_value,
    cast({{ low }} as {{ type_double() }}) as recomputed_low,
    cast({{ high }} as {{ type_double() }}) as recomputed_high,
    cast({{ "'" ~ alt_form ~ "'" if alt_form else 'null' }} as {{ type_id() }}) as alt_form,
    cast({{ alt_value or 'null' }} as {{ type_double() }}) as alt_value,
    cast({{ alt_low or 'null' }} as {{ type_double() }}) as alt_low,
    cast({{ alt_high or 'null' }} as {{ type_double() }}) as alt_high,
    cast({{ detail or 'null' }} as {{ type_id() }}) as detail
{% endmacro %}

{#- a = b, with nulls equal to each other (text columns) -#}
{% macro null_safe_equal(left, right, null_value="''") %}
    coalesce({{ left }}, {{ null_value }}) = coalesce({{ right }}, {{ null_value }})
{% endmacro %}


{#-
    One series per statistic of the study's Table 2 (table2: region_id, year, value): for each
    year, the value at the printed figures and the interval it can take when each figure moves
    within +/- h. `cv` (population form, with the sample form as alt_*), `theil` and `gini`: the
    extremes over the 2^n corners of the rounding box of the year's n scores (computed for up to
    12 regions); `score` (per region): +/- h; `gap` (per ordered pair of regions): +/- 2h.
-#}
{% macro audit_statistic_series(table2, h) %}
    with
    indexed as (
        select
            region_id,
            year,
            value,
            row_number() over (partition by year order by region_id) - 1 as position
        from {{ table2 }} as table2
    ),

    corner_span as (
        select
            0 as first_corner,
            case
                when max(position) < 12 then cast(power(2, max(position) + 1) as {{ dbt.type_int() }}) - 1
                else 0
            end as last_corner
        from indexed
    ),

    corner_series as (
        {{ year_series('corner_span', 'first_corner', 'last_corner') }}
    ),

    cornered as (
        select
            indexed.year,
            cast(corner_series.year as {{ dbt.type_int() }}) as corner,
            indexed.region_id,
            indexed.value + case
                when cast(floor(corner_series.year / power(2, indexed.position)) as {{ dbt.type_int() }}) % 2 = 1
                    then {{ h }}
                else -{{ h }}
            end as value
        from indexed
        cross join corner_series
    ),

    central_dispersion as (
        {{ dispersion_statistics(table2, ['year'], 'value') }}
    ),

    central_theil as (
        {{ theil_index(table2, ['year'], 'value') }}
    ),

    central_gini as (
        {{ gini_index(table2, ['year'], 'value') }}
    ),

    corner_dispersion as (
        {{ dispersion_statistics('cornered', ['year', 'corner'], 'value') }}
    ),

    corner_theil as (
        {{ theil_index('cornered', ['year', 'corner'], 'value') }}
    ),

    corner_gini as (
        {{ gini_index('cornered', ['year', 'corner'], 'value') }}
    ),

    corner_extremes as (
        select
            corner_dispersion.year,
            min(corner_dispersion.cv_population) as cv_population_low,
            max(corner_dispersion.cv_population) as cv_population_high,
            min(corner_dispersion.cv_sample) as cv_sample_low,
            max(corner_dispersion.cv_sample) as cv_sample_high,
            min(corner_theil.theil_t) as theil_low,
            max(corner_theil.theil_t) as theil_high,
            min(corner_gini.gini) as gini_low,
            max(corner_gini.gini) as gini_high
        from corner_dispersion
        inner join corner_theil
            on corner_dispersion.year = corner_theil.year and corner_dispersion.corner = corner_theil.corner
        inner join corner_gini
            on corner_dispersion.year = corner_gini.year and corner_dispersion.corner = corner_gini.corner
        group by corner_dispersion.year
    )

        select
            cast('cv' as {{ type_id() }}) as statistic,
            cast(null as {{ type_id() }}) as region_id,
            cast(null as {{ type_id() }}) as other_region_id,
            central_dispersion.year,
            central_dispersion.cv_population as value,
            corner_extremes.cv_population_low as low,
            corner_extremes.cv_population_high as high,
            central_dispersion.cv_sample as alt_value,
            corner_extremes.cv_sample_low as alt_low,
            corner_extremes.cv_sample_high as alt_high
        from central_dispersion
        inner join corner_extremes
            on central_dispersion.year = corner_extremes.year
        union all
        select
            cast('theil' as {{ type_id() }}) as statistic,
            cast(null as {{ type_id() }}) as region_id,
            cast(null as {{ type_id() }}) as other_region_id,
            central_theil.year,
            central_theil.theil_t as value,
            corner_extremes.theil_low as low,
            corner_extremes.theil_high as high,
            cast(null as {{ type_double() }}) as alt_value,
            cast(null as {{ type_double() }}) as alt_low,
            cast(null as {{ type_double() }}) as alt_high
        from central_theil
        inner join corner_extremes
            on central_theil.year = corner_extremes.year
        union all
        select
            cast('gini' as {{ type_id() }}) as statistic,
            cast(null as {{ type_id() }}) as region_id,
            cast(null as {{ type_id() }}) as other_region_id,
            central_gini.year,
            central_gini.gini as value,
            corner_extremes.gini_low as low,
            corner_extremes.gini_high as high,
            cast(null as {{ type_double() }}) as alt_value,
            cast(null as {{ type_double() }}) as alt_low,
            cast(null as {{ type_double() }}) as alt_high
        from central_gini
        inner join corner_extremes
            on central_gini.year = corner_extremes.year
        union all
        select
            cast('score' as {{ type_id() }}) as statistic,
            region_id,
            cast(null as {{ type_id() }}) as other_region_id,
            year,
            value,
            value - {{ h }} as low,
            value + {{ h }} as high,
            cast(null as {{ type_double() }}) as alt_value,
            cast(null as {{ type_double() }}) as alt_low,
            cast(null as {{ type_double() }}) as alt_high
        from {{ table2 }} as table2
        union all
        select
            cast('gap' as {{ type_id() }}) as statistic,
            leaders.region_id,
            others.region_id as other_region_id,
            leaders.year,
            leaders.value - others.value as value,
            leaders.value - others.value - 2 * {{ h }} as low,
            leaders.value - others.value + 2 * {{ h }} as high,
            cast(null as {{ type_double() }}) as alt_value,
            cast(null as {{ type_double() }}) as alt_low,
            cast(null as {{ type_double() }}) as alt_high
        from {{ table2 }} as leaders
        inner join {{ table2 }} as others
            on leaders.year = others.year and leaders.region_id <> others.region_id
{% endmacro %}


{#-
    The rank checks of the audit (check_kind weight_rank, score_rank, growth_rank,
    dimension_rank, dimension_rank_within_region, obstacle_rank): for each claim, the rank of its
    target (1 = highest) among the items it is compared with, and the best and worst rank it can
    take when each figure moves within its interval; with a partition (a year, a region), the
    worst over the partitions. growth_intervals holds every region's growth for the growth_rank
    claims (claim_id, check_kind, claim_region_id, region_id, growth_value/low/high).
-#}
{% macro audit_rank_results(claims, table1, table2, table3, growth_intervals, h) %}
    with
    obstacle_values as (
        select
            table3.region_id,
            table3.year,
            table3.dimension_id,
            table1.value - table3.value as weighted_gap
        from {{ table3 }} as table3
        inner join {{ table1 }} as table1
            on table1.level = 'dimension' and table3.dimension_id = table1.dimension_id
    ),

    obstacle_degrees as (
        select
            obstacle_values.region_id,
            obstacle_values.year,
            obstacle_values.dimension_id,
            obstacle_values.weighted_gap,
            obstacle_values.weighted_gap / nullif(totals.total_gap, 0) as obstacle_degree
        from obstacle_values
        inner join (
            select
                region_id,
                year,
                sum(weighted_gap) as total_gap
            from obstacle_values
            group by region_id, year
        ) as totals
            on obstacle_values.region_id = totals.region_id and obstacle_values.year = totals.year
    ),

    rank_items as (
        select
            claims.claim_id,
            cast('all' as {{ type_id() }}) as part,
            table1.dimension_id as item_id,
            table1.dimension_id = claims.dimension_id as is_target,
            table1.value,
            table1.value - {{ h }} as low,
            table1.value + {{ h }} as high
        from {{ claims }} as claims
        inner join {{ table1 }} as table1
            on table1.level = 'dimension'
        where claims.check_kind = 'weight_rank'
        union all
        select
            claims.claim_id,
            cast(table2.year as {{ type_id() }}) as part,
            table2.region_id as item_id,
            table2.region_id = claims.region_id as is_target,
            table2.value,
            table2.value - {{ h }} as low,
            table2.value + {{ h }} as high
        from {{ claims }} as claims
        inner join {{ table2 }} as table2
            on claims.year is null or claims.year = table2.year
        where claims.check_kind = 'score_rank'
        union all
        select
            claim_id,
            cast('all' as {{ type_id() }}) as part,
            region_id as item_id,
            region_id = claim_region_id as is_target,
            growth_value as value,
            growth_low as low,
            growth_high as high
        from {{ growth_intervals }} as growth_intervals
        where check_kind = 'growth_rank'
        union all
        select
            claims.claim_id,
            cast('all' as {{ type_id() }}) as part,
            table3.region_id as item_id,
            table3.region_id = claims.region_id as is_target,
            table3.value,
            table3.value - {{ h }} as low,
            table3.value + {{ h }} as high
        from {{ claims }} as claims
        inner join {{ table3 }} as table3
            on claims.dimension_id = table3.dimension_id and claims.year = table3.year
        where claims.check_kind = 'dimension_rank'
        union all
        select
            claims.claim_id,
            table3.region_id as part,
            table3.dimension_id as item_id,
            table3.dimension_id = claims.dimension_id as is_target,
            table3.value,
            table3.value - {{ h }} as low,
            table3.value + {{ h }} as high
        from {{ claims }} as claims
        inner join {{ table3 }} as table3
            on
                claims.year = table3.year
                and (claims.region_id is null or claims.region_id = table3.region_id)
        where claims.check_kind = 'dimension_rank_within_region'
        union all
        select
            claims.claim_id,
            obstacle_values.region_id as part,
            obstacle_values.dimension_id as item_id,
            obstacle_values.dimension_id = claims.dimension_id as is_target,
            obstacle_values.weighted_gap as value,
            obstacle_values.weighted_gap - 2 * {{ h }} as low,
            obstacle_values.weighted_gap + 2 * {{ h }} as high
        from {{ claims }} as claims
        inner join obstacle_values
            on claims.region_id = obstacle_values.region_id and claims.year = obstacle_values.year
        where claims.check_kind = 'obstacle_rank'
    ),

    rank_parts as (
        select
            targets.claim_id,
            targets.part,
            1 + sum(case when others.value > targets.value then 1 else 0 end) as rank_value,
            1 + sum(case when others.low > targets.high then 1 else 0 end) as best_rank,
            1 + sum(case when others.high > targets.low then 1 else 0 end) as worst_rank
        from rank_items as targets
        left join rank_items as others
            on
                targets.claim_id = others.claim_id
                and targets.part = others.part
                and targets.item_id <> others.item_id
        where targets.is_target
        group by targets.claim_id, targets.part
    ),

    obstacle_details as (
        select
            claims.claim_id,
            {{ dbt.listagg(
                "obstacle_degrees.dimension_id || ' ' || cast(round(cast(obstacle_degrees.obstacle_degree as "
                ~ dbt.type_numeric() ~ "), 3) as " ~ type_id() ~ ")",
                "', '",
                "order by obstacle_degrees.obstacle_degree desc") }} as detail
        from {{ claims }} as claims
        inner join obstacle_degrees
            on claims.region_id = obstacle_degrees.region_id and claims.year = obstacle_degrees.year
        where claims.check_kind = 'obstacle_rank'
        group by claims.claim_id
    )

        select
            {{ audit_result('rank_parts.claim_id', 'rank (1 = highest; the worst over years or regions)',
                'max(rank_parts.rank_value)', 'max(rank_parts.best_rank)', 'max(rank_parts.worst_rank)',
                detail="max('obstacle degrees: ' || obstacle_details.detail)") }}
        from rank_parts
        left join obstacle_details
            on rank_parts.claim_id = obstacle_details.claim_id
        group by rank_parts.claim_id
{% endmacro %}
