{#-
    The statistics of the analyses marts, one macro per statistic, each written once. A macro
    takes a relation, the key columns that partition it (e.g. ['year']) and the value column,
    and returns a complete select statement with one row per partition (or per partition and
    group), so a model can apply it to any relation. Portable SQL only: grouped aggregates joined
    back, rank()/row_number(), ln/exp/sqrt/power, every division guarded with nullif, every ln
    and sqrt guarded against arguments outside its domain. Null values are left out.
-#}

{#- "k1, k2" or "alias.k1, alias.k2"; empty for no keys. -#}
{% macro column_list(keys, prefix='') %}
    {%- set items = [] -%}
    {%- for key in keys -%}
        {%- do items.append((prefix ~ '.' if prefix else '') ~ key) -%}
    {%- endfor -%}
    {{- items | join(', ') -}}
{% endmacro %}

{#- "k1, k2, " or "alias.k1, alias.k2, " (with a trailing comma): to open a select list. -#}
{% macro leading_columns(keys, prefix='') %}
    {%- for key in keys -%}{{ (prefix ~ '.' if prefix else '') ~ key }}, {% endfor -%}
{% endmacro %}

{#- "group by k1, k2", or nothing for no keys. -#}
{% macro group_by_keys(keys, prefix='') %}
    {%- if keys -%}group by {{ column_list(keys, prefix) }}{%- endif -%}
{% endmacro %}

{#- "partition by k1, k2", or nothing for no keys. -#}
{% macro partition_by_keys(keys) %}
    {%- if keys -%}partition by {{ column_list(keys) }}{%- endif -%}
{% endmacro %}

{#-
    The totals the statistics start from, one row per partition (group_column none) or per
    partition and group: sample_count, total_value, min_value, max_value of the non-null values
    (per group: group_id, group_count, group_total, min_value, max_value).
-#}
{% macro value_totals(relation, keys, value_column, group_column=none) %}
    select
        {{ leading_columns(keys) }}
        {%- if group_column %}
        {{ group_column }} as group_id,
        {%- endif %}
        count({{ value_column }}) as {{ 'group_count' if group_column else 'sample_count' }},
        sum({{ value_column }}) as {{ 'group_total' if group_column else 'total_value' }},
        min({{ value_column }}) as min_value,
        max({{ value_column }}) as max_value
    from {{ relation }}
    where {{ value_column }} is not null
    {{ group_by_keys(keys + ([group_column] if group_column else [])) }}
{% endmacro %}


{#-
    Compound average annual growth between two values `periods` years apart:
    (last / first)^(1 / periods) - 1. Null when first <= 0, last < 0 or periods <= 0.
-#}
{% macro compound_growth(first_value, last_value, periods) %}
    case
        when ({{ first_value }}) > 0 and ({{ last_value }}) >= 0 and ({{ periods }}) > 0
            then power(
                ({{ last_value }}) / ({{ first_value }}),
                {{ double_literal(1) }} / cast(({{ periods }}) as {{ type_double() }})
            ) - 1
    end
{% endmacro %}


{#-
    Location and dispersion of the values of each partition: count, mean, min, max, range,
    max/min ratio, standard deviations and coefficients of variation in both forms,
    population (divide by n) and sample (divide by n - 1). CV is null when the mean is 0, the
    sample forms when n < 2, the ratio when the minimum is 0.
-#}
{% macro dispersion_statistics(relation, keys, value_column) %}
    with dispersion_moments as (
        {{ value_totals(relation, keys, value_column) }}
    ),

    dispersion_squares as (
        select
            {{ leading_columns(keys, 'moments') }}
            sum(
                (samples.{{ value_column }} - moments.total_value / moments.sample_count)
                * (samples.{{ value_column }} - moments.total_value / moments.sample_count)
            ) as sum_squares
        from {{ relation }} as samples
        inner join dispersion_moments as moments
            on {{ scope_join(keys, 'samples', 'moments') }}
        where samples.{{ value_column }} is not null
        {{ group_by_keys(keys, 'moments') }}
    ),

    dispersion_deviations as (
        select
            {{ leading_columns(keys, 'moments') }}
            moments.sample_count,
            moments.total_value / moments.sample_count as mean_value,
            moments.min_value,
            moments.max_value,
            sqrt(squares.sum_squares / moments.sample_count) as sd_population,
            sqrt(squares.sum_squares / nullif(moments.sample_count - 1, 0)) as sd_sample
        from dispersion_moments as moments
        inner join dispersion_squares as squares
            on {{ scope_join(keys, 'moments', 'squares') }}
    )

    select
        {{ leading_columns(keys) }}
        sample_count,
        mean_value,
        min_value,
        max_value,
        max_value - min_value as value_range,
        max_value / nullif(min_value, 0) as max_min_ratio,
        sd_population,
        sd_sample,
        sd_population / nullif(mean_value, 0) as cv_population,
        sd_sample / nullif(mean_value, 0) as cv_sample
    from dispersion_deviations
{% endmacro %}


{#-
    Theil's T index of each partition: T = (1/n) sum (y/mean) ln(y/mean), written
    sum y ln(y n / Y) / Y with Y the total; a value of 0 contributes 0. Null when a value is
    negative or the total is 0.
-#}
{% macro theil_index(relation, keys, value_column) %}
    with theil_totals as (
        {{ value_totals(relation, keys, value_column) }}
    ),

    theil_sums as (
        select
            {{ leading_columns(keys, 'totals') }}
            totals.sample_count,
            totals.total_value,
            totals.min_value,
            sum(
                case
                    when samples.{{ value_column }} > 0 and totals.total_value > 0
                        then samples.{{ value_column }}
                        * ln(samples.{{ value_column }} * totals.sample_count / totals.total_value)
                    else {{ double_literal(0) }}
                end
            ) as weighted_log_sum
        from {{ relation }} as samples
        inner join theil_totals as totals
            on {{ scope_join(keys, 'samples', 'totals') }}
        where samples.{{ value_column }} is not null
        {{ group_by_keys(keys + ['sample_count', 'total_value', 'min_value'], 'totals') }}
    )

    select
        {{ leading_columns(keys) }}
        sample_count,
        case
            when min_value >= 0 and total_value > 0 then weighted_log_sum / total_value
        end as theil_t
    from theil_sums
{% endmacro %}


{#-
    Theil's T decomposed by group (groups must not be null), one row per partition and group:
    the group's count, total, mean, its shares of the partition's count (p_g) and total (s_g),
    its own Theil T (T_g), the between-group term s_g ln(mean_g / mean) and the within-group
    term s_g T_g. Summed over the groups of a partition, the between terms give T_between, the
    within terms T_within, and T = T_between + T_within. Null when a value of the partition is
    negative or its total is 0.
-#}
{% macro theil_group_terms(relation, keys, value_column, group_column) %}
    with theil_partitions as (
        {{ value_totals(relation, keys, value_column) }}
    ),

    theil_groups as (
        {{ value_totals(relation, keys, value_column, group_column) }}
    ),

    theil_group_sums as (
        select
            {{ leading_columns(keys, 'groups') }}
            groups.group_id,
            sum(
                case
                    when samples.{{ value_column }} > 0 and groups.group_total > 0
                        then samples.{{ value_column }}
                        * ln(samples.{{ value_column }} * groups.group_count / groups.group_total)
                    else {{ double_literal(0) }}
                end
            ) as weighted_log_sum
        from {{ relation }} as samples
        inner join theil_groups as groups
            on
                {{ scope_join(keys, 'samples', 'groups') }}
                and samples.{{ group_column }} = groups.group_id
        where samples.{{ value_column }} is not null
        {{ group_by_keys(keys + ['group_id'], 'groups') }}
    ),

    theil_group_shares as (
        select
            {{ leading_columns(keys, 'groups') }}
            groups.group_id,
            groups.group_count,
            groups.group_total,
            groups.group_total / groups.group_count as group_mean,
            cast(groups.group_count as {{ type_double() }}) / partitions.sample_count as count_share,
            case
                when partitions.min_value >= 0 and partitions.total_value > 0
                    then groups.group_total / partitions.total_value
            end as value_share,
            case
                when partitions.min_value >= 0 and groups.group_total > 0
                    then sums.weighted_log_sum / groups.group_total
            end as group_theil_t,
            case
                when partitions.min_value >= 0 and partitions.total_value > 0 and groups.group_total > 0
                    then ln(
                        (groups.group_total / groups.group_count)
                        / (partitions.total_value / partitions.sample_count)
                    )
            end as log_mean_ratio,
            partitions.min_value >= 0 and partitions.total_value > 0 as is_defined
        from theil_groups as groups
        inner join theil_partitions as partitions
            on {{ scope_join(keys, 'groups', 'partitions') }}
        inner join theil_group_sums as sums
            on
                {{ scope_join(keys, 'groups', 'sums') }}
                and groups.group_id = sums.group_id
    )

    select
        {{ leading_columns(keys) }}
        group_id,
        group_count,
        group_total,
        group_mean,
        count_share,
        value_share,
        group_theil_t,
        case
            when not is_defined then null
            when group_total > 0 then value_share * log_mean_ratio
            else {{ double_literal(0) }}
        end as between_term,
        case
            when not is_defined then null
            when group_total > 0 then value_share * group_theil_t
            else {{ double_literal(0) }}
        end as within_term
    from theil_group_shares
{% endmacro %}


{#-
    The sum of |y_i - y_j| over the unordered pairs of each partition, from the sorted values:
    sum over i of (2i - n - 1) y_(i), written sum (2i - 1) y_(i) - n sum y (n log n, not n^2).
    Also returns the count, total and minimum.
-#}
{% macro pairwise_absolute_differences(relation, keys, value_column) %}
    with pair_positions as (
        select
            {{ leading_columns(keys) }}
            {{ value_column }} as pair_value,
            row_number() over ({{ partition_by_keys(keys) }} order by {{ value_column }}) as pair_position
        from {{ relation }}
        where {{ value_column }} is not null
    )

    select
        {{ leading_columns(keys) }}
        count(*) as sample_count,
        sum(pair_value) as total_value,
        min(pair_value) as min_value,
        sum(cast(2 * pair_position - 1 as {{ type_double() }}) * pair_value)
        - cast(count(*) as {{ type_double() }}) * sum(pair_value) as absolute_difference_sum
    from pair_positions
    {{ group_by_keys(keys) }}
{% endmacro %}


{#-
    The Gini coefficient of each partition, G = sum_i sum_j |y_i - y_j| / (2 n^2 mean), i.e. the
    unordered-pair sum / (n * total). Null when a value is negative or the total is 0.
-#}
{% macro gini_index(relation, keys, value_column) %}
    with gini_pairs as (
        {{ pairwise_absolute_differences(relation, keys, value_column) }}
    )

    select
        {{ leading_columns(keys) }}
        sample_count,
        case
            when min_value >= 0 and total_value > 0
                then absolute_difference_sum / (cast(sample_count as {{ type_double() }}) * total_value)
        end as gini
    from gini_pairs
{% endmacro %}


{#-
    The population-weighted (grouped) Gini coefficient of each partition: each row is a group
    with a per-head level y (value_column) and a weight p (weight_column, its population), so
    its share of the total is p y / sum p y. With the rows sorted by y (ties by order_column, for
    a deterministic order; a tie does not change the result, the Lorenz curve being straight
    through tied rows), X_k and Y_k the cumulative shares of the weight and of p y up to row k
    (X_0 = Y_0 = 0):
      G = 1 - sum_k (X_k - X_(k-1)) (Y_k + Y_(k-1))   (1 - 2 x the area under the Lorenz curve)
        = 1 - sum_k p_k (2 C_k - p_k y_k) / (P V)
    with C_k the cumulative sum of p y, P = sum p and V = sum p y. With every weight equal it is
    gini_index. Null when a row of the partition has no weight or a weight <= 0, a value is
    negative or V is 0.
-#}
{% macro population_weighted_gini(relation, keys, value_column, weight_column, order_column) %}
    with weighted_gini_rows as (
        select
            {{ leading_columns(keys) }}
            {{ order_column }} as gini_order,
            {{ value_column }} as gini_value,
            cast({{ weight_column }} as {{ type_double() }}) as gini_weight,
            cast({{ weight_column }} as {{ type_double() }}) * {{ value_column }} as weighted_value
        from {{ relation }}
        where {{ value_column }} is not null
    ),

    weighted_gini_cumulative as (
        select
            {{ leading_columns(keys) }}
            gini_value,
            gini_weight,
            weighted_value,
            sum(weighted_value) over (
                {{ partition_by_keys(keys) }}
                order by gini_value, gini_order
                rows between unbounded preceding and current row
            ) as cumulative_weighted_value
        from weighted_gini_rows
    ),

    weighted_gini_sums as (
        select
            {{ leading_columns(keys) }}
            count(*) as sample_count,
            count(gini_weight) as weighted_count,
            min(gini_weight) as min_weight,
            min(gini_value) as min_value,
            sum(gini_weight) as total_weight,
            sum(weighted_value) as total_weighted_value,
            sum(gini_weight * (2 * cumulative_weighted_value - weighted_value)) as trapezoid_sum
        from weighted_gini_cumulative
        {{ group_by_keys(keys) }}
    )

    select
        {{ leading_columns(keys) }}
        sample_count,
        case
            when
                weighted_count = sample_count
                and min_weight > 0
                and min_value >= 0
                and total_weighted_value > 0
                then {{ double_literal(1) }} - trapezoid_sum / (total_weight * total_weighted_value)
        end as gini_population_weighted
    from weighted_gini_sums
{% endmacro %}


{#-
    Dagum's (1997) decomposition of the Gini coefficient by group (groups must not be null).
    One row per partition and pair of groups (group_id <= other_group_id; group_id =
    other_group_id is the group itself), with p = the group's share of the count, s = its share
    of the total, and G_jh = sum_{i in j} sum_{r in h} |y_i - y_r| / (n_j n_h (mean_j + mean_h))
    (G_jj is the group's own Gini). D_jh = |mean_j - mean_h| n_j n_h / sum |y_i - y_r| is the
    relative economic affluence of the richer group (d_jh - p_jh) / (d_jh + p_jh). Contributions:
      within (j = h)       G_jj p_j s_j
      net between (j < h)  G_jh (p_j s_h + p_h s_j) D_jh
      transvariation       G_jh (p_j s_h + p_h s_j) (1 - D_jh)
    which add up to the Gini coefficient over a partition. Null when a value of the partition is
    negative or its total is 0.
-#}
{% macro dagum_gini_terms(relation, keys, value_column, group_column) %}
    with dagum_partitions as (
        {{ value_totals(relation, keys, value_column) }}
    ),

    dagum_groups as (
        {{ value_totals(relation, keys, value_column, group_column) }}
    ),

    dagum_group_pairs as (
        select
            {{ leading_columns(keys, 'groups') }}
            groups.group_id,
            other_groups.group_id as other_group_id
        from dagum_groups as groups
        inner join dagum_groups as other_groups
            on
                {{ scope_join(keys, 'groups', 'other_groups') }}
                and groups.group_id <= other_groups.group_id
    ),

    dagum_pair_members as (
        select
            {{ leading_columns(keys, 'pairs') }}
            pairs.group_id,
            pairs.other_group_id,
            samples.{{ value_column }} as member_value
        from dagum_group_pairs as pairs
        inner join {{ relation }} as samples
            on
                {{ scope_join(keys, 'pairs', 'samples') }}
                and (
                    samples.{{ group_column }} = pairs.group_id
                    or samples.{{ group_column }} = pairs.other_group_id
                )
        where samples.{{ value_column }} is not null
    ),

    dagum_union_sums as (
        {{ pairwise_absolute_differences('dagum_pair_members', keys + ['group_id', 'other_group_id'], 'member_value') }}
    ),

    dagum_pair_sums as (
        select
            {{ leading_columns(keys, 'unions') }}
            unions.group_id,
            unions.other_group_id,
            case
                when unions.group_id = unions.other_group_id then 2 * unions.absolute_difference_sum
                else unions.absolute_difference_sum - own_sums.absolute_difference_sum
                    - other_sums.absolute_difference_sum
            end as ordered_pair_sum
        from dagum_union_sums as unions
        inner join dagum_union_sums as own_sums
            on
                {{ scope_join(keys, 'unions', 'own_sums') }}
                and unions.group_id = own_sums.group_id
                and unions.group_id = own_sums.other_group_id
        inner join dagum_union_sums as other_sums
            on
                {{ scope_join(keys, 'unions', 'other_sums') }}
                and unions.other_group_id = other_sums.group_id
                and unions.other_group_id = other_sums.other_group_id
    ),

    dagum_pair_terms as (
        select
            {{ leading_columns(keys, 'pairs') }}
            pairs.group_id,
            pairs.other_group_id,
            own_groups.group_count,
            other_groups.group_count as other_group_count,
            own_groups.group_total / own_groups.group_count as group_mean,
            other_groups.group_total / other_groups.group_count as other_group_mean,
            cast(own_groups.group_count as {{ type_double() }}) / partitions.sample_count as count_share,
            cast(other_groups.group_count as {{ type_double() }}) / partitions.sample_count as other_count_share,
            own_groups.group_total / nullif(partitions.total_value, 0) as value_share,
            other_groups.group_total / nullif(partitions.total_value, 0) as other_value_share,
            pairs.ordered_pair_sum,
            partitions.min_value >= 0 and partitions.total_value > 0 as is_defined
        from dagum_pair_sums as pairs
        inner join dagum_groups as own_groups
            on
                {{ scope_join(keys, 'pairs', 'own_groups') }}
                and pairs.group_id = own_groups.group_id
        inner join dagum_groups as other_groups
            on
                {{ scope_join(keys, 'pairs', 'other_groups') }}
                and pairs.other_group_id = other_groups.group_id
        inner join dagum_partitions as partitions
            on {{ scope_join(keys, 'pairs', 'partitions') }}
    ),

    dagum_ginis as (
        select
            *,
            case
                when is_defined
                    then ordered_pair_sum / nullif(
                        cast(group_count as {{ type_double() }}) * other_group_count
                        * (group_mean + other_group_mean),
                        0
                    )
            end as pair_gini,
            case
                when is_defined and group_id = other_group_id then count_share * value_share
                when is_defined then count_share * other_value_share + other_count_share * value_share
            end as pair_weight,
            case
                when is_defined and group_id <> other_group_id
                    then abs(group_mean - other_group_mean)
                    * cast(group_count as {{ type_double() }}) * other_group_count
                    / nullif(ordered_pair_sum, 0)
            end as relative_affluence
        from dagum_pair_terms
    )

    select
        {{ leading_columns(keys) }}
        group_id,
        other_group_id,
        group_count,
        other_group_count,
        group_mean,
        other_group_mean,
        count_share,
        value_share,
        pair_gini,
        relative_affluence,
        case when group_id = other_group_id then pair_gini * pair_weight end as within_contribution,
        case
            when group_id <> other_group_id then pair_gini * pair_weight * coalesce(relative_affluence, 0)
        end as net_between_contribution,
        case
            when group_id <> other_group_id then pair_gini * pair_weight * (1 - coalesce(relative_affluence, 0))
        end as transvariation_contribution
    from dagum_ginis
{% endmacro %}


{#-
    Rank agreement of two scores of the same items in each partition (items with both scores):
    Spearman's rho (Pearson's correlation of the average ranks, ties sharing the mean of their
    positions) and Kendall's tau-b ((concordant - discordant) / sqrt((n0 - n1)(n0 - n2)), n0
    the pairs, n1 and n2 the pairs tied on each score). Null when fewer than two items, or when
    one score is constant. The counts for Kendall's tau-b come from kendall_pair_counts.
-#}
{% macro rank_agreement(relation, keys, item_column, x_column, y_column) %}
    with agreement_items as (
        select
            {{ leading_columns(keys) }}
            {{ item_column }} as item_id,
            {{ x_column }} as x_value,
            {{ y_column }} as y_value
        from {{ relation }}
        where {{ x_column }} is not null and {{ y_column }} is not null
    ),

    agreement_ranks as (
        select
            {{ leading_columns(keys) }}
            item_id,
            cast(rank() over ({{ partition_by_keys(keys) }} order by x_value) as {{ type_double() }})
            + cast(count(*) over (partition by {{ leading_columns(keys) }}x_value) - 1 as {{ type_double() }}) / 2
            as x_rank,
            cast(rank() over ({{ partition_by_keys(keys) }} order by y_value) as {{ type_double() }})
            + cast(count(*) over (partition by {{ leading_columns(keys) }}y_value) - 1 as {{ type_double() }}) / 2
            as y_rank
        from agreement_items
    ),

    agreement_rank_means as (
        select
            {{ leading_columns(keys) }}
            count(*) as item_count,
            avg(x_rank) as x_mean_rank,
            avg(y_rank) as y_mean_rank
        from agreement_ranks
        {{ group_by_keys(keys) }}
    ),

    agreement_spearman as (
        select
            {{ leading_columns(keys, 'means') }}
            sum((ranks.x_rank - means.x_mean_rank) * (ranks.y_rank - means.y_mean_rank)) as rank_covariance,
            sum((ranks.x_rank - means.x_mean_rank) * (ranks.x_rank - means.x_mean_rank)) as x_rank_variance,
            sum((ranks.y_rank - means.y_mean_rank) * (ranks.y_rank - means.y_mean_rank)) as y_rank_variance
        from agreement_ranks as ranks
        inner join agreement_rank_means as means
            on {{ scope_join(keys, 'ranks', 'means') }}
        {{ group_by_keys(keys, 'means') }}
    ),

    {{ kendall_pair_counts(keys) }}

    select
        {{ leading_columns(keys, 'means') }}
        means.item_count,
        spearman.rank_covariance
        / nullif(sqrt(spearman.x_rank_variance * spearman.y_rank_variance), 0) as spearman_rho,
        kendall.score_difference / nullif(
            sqrt((kendall.pair_count - kendall.x_tie_count) * (kendall.pair_count - kendall.y_tie_count)), 0
        ) as kendall_tau_b
    from agreement_rank_means as means
    inner join agreement_spearman as spearman
        on {{ scope_join(keys, 'means', 'spearman') }}
    left join agreement_kendall as kendall
        on {{ scope_join(keys, 'means', 'kendall') }}
{% endmacro %}


{#-
    The CTEs agreement_kendall (from agreement_items: keys, item_id, x_value, y_value), one row
    per partition: pair_count n0, score_difference = concordant - discordant pairs, and the
    pairs tied on x (n1) and on y (n2). Every count is an integer, so both forms below give the
    same tau-b to the last bit.
    Default: every pair of a partition compared (a self-join, n^2 pairs).
-#}
{% macro kendall_pair_counts(keys) %}
    {{- return(adapter.dispatch('kendall_pair_counts', 'entropy_warehouse')(keys)) -}}
{% endmacro %}

{% macro default__kendall_pair_counts(keys) %}
    agreement_kendall as (
        select
            {{ leading_columns(keys, 'items') }}
            cast(count(*) as {{ type_double() }}) as pair_count,
            cast(sum(
                case
                    when
                        (items.x_value > others.x_value and items.y_value > others.y_value)
                        or (items.x_value < others.x_value and items.y_value < others.y_value)
                        then 1
                    when
                        (items.x_value > others.x_value and items.y_value < others.y_value)
                        or (items.x_value < others.x_value and items.y_value > others.y_value)
                        then -1
                    else 0
                end
            ) as {{ type_double() }}) as score_difference,
            cast(sum(case when items.x_value = others.x_value then 1 else 0 end) as {{ type_double() }})
            as x_tie_count,
            cast(sum(case when items.y_value = others.y_value then 1 else 0 end) as {{ type_double() }})
            as y_tie_count
        from agreement_items as items
        inner join agreement_items as others
            on
                {{ scope_join(keys, 'items', 'others') }}
                and items.item_id < others.item_id
        {{ group_by_keys(keys, 'items') }}
    )
{%- endmacro %}

{#-
    DuckDB: n log n instead of n^2 (3,000 regions are 4.5 million pairs a partition). With the
    items ordered by x, the frame of item i holds every item with x <= x_i; in it, rank by y
    ascending minus rank by y descending is #(y < y_i) - #(y > y_i) (window functions with an
    ORDER BY argument, computed on merge-sort trees). Summed over i, every pair with x_j < x_i
    counts once with the sign of y_i - y_j, and each pair tied on x counts +1 and -1 (or 0 and 0):
    the sum is concordant - discordant. Ties: kendall_tie_pairs.
-#}
{#-
    Two CTEs for one score of agreement_items (axis 'x' or 'y'): agreement_<axis>_ties, the size
    t of each group of equal values, and agreement_<axis>_tie_pairs, the pairs tied on that
    score (<axis>_tie_count, the sum of t(t - 1)/2) per partition.
-#}
{% macro kendall_tie_pairs(keys, axis) %}
    agreement_{{ axis }}_ties as (
        select
            {{ leading_columns(keys) }}
            count(*) as tie_size
        from agreement_items
        group by {{ leading_columns(keys) }}{{ axis }}_value
    ),

    agreement_{{ axis }}_tie_pairs as (
        select
            {{ leading_columns(keys) }}
            cast(sum(tie_size * (tie_size - 1) / 2) as {{ type_double() }}) as {{ axis }}_tie_count
        from agreement_{{ axis }}_ties
        {{ group_by_keys(keys) }}
    )
{%- endmacro %}

{% macro duckdb__kendall_pair_counts(keys) %}
    agreement_signed_counts as (
        select
            {{ leading_columns(keys) }}
            rank(order by y_value asc) over frames
            - rank(order by y_value desc) over frames as signed_count
        from agreement_items
        window frames as (
            {{ partition_by_keys(keys) }}
            order by x_value range between unbounded preceding and current row
        )
    ),

    {{ kendall_tie_pairs(keys, 'x') }},

    {{ kendall_tie_pairs(keys, 'y') }},

    agreement_signed_sums as (
        select
            {{ leading_columns(keys) }}
            cast(count(*) as {{ type_double() }}) as item_count,
            cast(sum(signed_count) as {{ type_double() }}) as score_difference
        from agreement_signed_counts
        {{ group_by_keys(keys) }}
    ),

    agreement_kendall as (
        select
            {{ leading_columns(keys, 'sums') }}
            sums.item_count * (sums.item_count - 1) / 2 as pair_count,
            sums.score_difference,
            x_ties.x_tie_count,
            y_ties.y_tie_count
        from agreement_signed_sums as sums
        inner join agreement_x_tie_pairs as x_ties
            on {{ scope_join(keys, 'sums', 'x_ties') }}
        inner join agreement_y_tie_pairs as y_ties
            on {{ scope_join(keys, 'sums', 'y_ties') }}
        where sums.item_count >= 2
    )
{%- endmacro %}


{#- Tier of a region by its score / the cross-region mean (vars tier_leading_ratio, tier_lagging_ratio). -#}
{% macro standing_tier(ratio_to_mean, options) %}
    case
        when {{ ratio_to_mean }} is null then null
        when {{ ratio_to_mean }} >= {{ double_literal(options.tier_leading_ratio) }} then 'leading'
        when {{ ratio_to_mean }} < {{ double_literal(options.tier_lagging_ratio) }} then 'lagging'
        else 'middle'
    end
{% endmacro %}


{#- The spatial pattern of a year from its tier counts. -#}
{% macro spatial_pattern(region_count, leading_count, lagging_count) %}
    case
        when {{ region_count }} < 2 then 'undefined: a single region'
        when {{ leading_count }} = 1 and {{ lagging_count }} >= 2
            then 'one dominant hub with multiple lagging poles'
        when {{ leading_count }} = 1 then 'one dominant hub'
        when {{ leading_count }} > 1 then 'several hubs'
        when {{ lagging_count }} = 0 then 'balanced: no leading and no lagging region'
        else 'no dominant hub'
    end
{% endmacro %}


{#-
    The usual ten-level classification of a coupling coordination degree D (0.1 wide classes,
    [0, 0.1) to [0.9, 1]); D above 1 (possible under zero_handling=shift) is level 10.
-#}
{% macro coordination_level(degree) %}
    case
        when {{ degree }} is null then null
        {%- for upper in ['0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9'] %}
        when {{ degree }} < {{ double_literal(upper) }} then {{ loop.index }}
        {%- endfor %}
        else 10
    end
{% endmacro %}

{% macro coordination_class(degree) %}
    {%- set names = [
        'extreme imbalance', 'serious imbalance', 'moderate imbalance', 'mild imbalance',
        'on the verge of imbalance', 'barely coordinated', 'primary coordination',
        'intermediate coordination', 'good coordination', 'high-quality coordination'] -%}
    case {{ coordination_level(degree) }}
        {%- for name in names %}
        when {{ loop.index }} then '{{ name }}'
        {%- endfor %}
    end
{% endmacro %}
