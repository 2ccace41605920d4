{#-
    How far other rankings of the regions agree with the build's composite ranking, per year:
    Spearman's rho and Kendall's tau-b of the scores (ties handled), and the largest rank change.
    comparison `topsis`: the entropy-TOPSIS closeness (topsis_scores); comparison `sensitivity`:
    each variant of the core (sensitivity), the build's own variant agreeing perfectly.
-#}

{%- set options = analysis_options() %}

with topsis as (
    select
        year,
        region_id,
        composite_score,
        closeness,
        abs(topsis_rank - composite_rank) as rank_change
    from {{ ref('topsis_scores') }}
),

topsis_agreement as (
    {{ rank_agreement('topsis', ['year'], 'region_id', 'composite_score', 'closeness') }}
),

topsis_changes as (
    select
        year,
        max(rank_change) as max_abs_rank_change
    from topsis
    group by year
),

sensitivity as (
    select
        variant_id,
        year,
        region_id,
        build_score,
        score,
        abs(rank_change) as rank_change
    from {{ ref('sensitivity') }}
),

sensitivity_agreement as (
    {{ rank_agreement('sensitivity', ['variant_id', 'year'], 'region_id', 'build_score', 'score') }}
),

sensitivity_changes as (
    select
        variant_id,
        year,
        max(rank_change) as max_abs_rank_change
    from sensitivity
    group by variant_id, year
),

sensitivity_keys as (
    select distinct
        variant_id,
        year
    from sensitivity
),

comparisons as (
    select
        cast('topsis' as {{ type_id() }}) as comparison,
        cast('topsis_{{ options.topsis_form }}' as {{ type_id() }}) as compared_ranking,
        topsis_changes.year,
        topsis_agreement.item_count,
        topsis_agreement.spearman_rho,
        topsis_agreement.kendall_tau_b,
        topsis_changes.max_abs_rank_change
    from topsis_changes
    left join topsis_agreement
        on topsis_changes.year = topsis_agreement.year
    union all
    select
        cast('sensitivity' as {{ type_id() }}) as comparison,
        sensitivity_keys.variant_id as compared_ranking,
        sensitivity_keys.year,
        sensitivity_agreement.item_count,
        sensitivity_agreement.spearman_rho,
        sensitivity_agreement.kendall_tau_b,
        sensitivity_changes.max_abs_rank_change
    from sensitivity_keys
    left join sensitivity_agreement
        on
            sensitivity_keys.variant_id = sensitivity_agreement.variant_id
            and sensitivity_keys.year = sensitivity_agreement.year
    left join sensitivity_changes
        on
            sensitivity_keys.variant_id = sensitivity_changes.variant_id
            and sensitivity_keys.year = sensitivity_changes.year
)

select
    comparison,
    compared_ranking,
    year,
    cast(coalesce(item_count, 0) as {{ dbt.type_int() }}) as region_count,
    spearman_rho,
    kendall_tau_b,
    cast(max_abs_rank_change as {{ dbt.type_int() }}) as max_abs_rank_change
from comparisons
