{#-
    Each published figure of the study's Tables 1-3 beside the value this build computes.
    Table 1 is one weight vector: under normalization_scope=year the computed value is the mean
    of the yearly weights, as the basis column says.
-#}
{%- set variant = method_variant() %}

with published_weights as (
    select * from {{ ref('stg_published_weights') }}
),

indicator_weights as (
    select
        indicator_id,
        avg(weight) as weight
    from {{ ref('indicator_weights') }}
    group by indicator_id
),

dimension_weights as (
    select
        dimension_id,
        avg(weight) as weight
    from {{ ref('dimension_weights') }}
    group by dimension_id
),

composite as (
    select * from {{ ref('composite_scores') }}
),

grid_real_inputs as (
    select {{ real_input_share() }} as real_input_share
    from {{ ref('int_observations_imputed') }}
),

table1_indicators as (
    select
        'table1_weight_' || published_weights.indicator_id as figure_id,
        'Table 1' as table_name,
        'indicator weight' as quantity,
        published_weights.published_label as figure,
        cast(null as {{ type_id() }}) as region_id,
        cast(null as {{ dbt.type_int() }}) as year,
        published_weights.dimension_id,
        published_weights.indicator_id,
        published_weights.published_weight as published_value,
        indicator_weights.weight as computed_value
    from published_weights
    left join indicator_weights
        on published_weights.indicator_id = indicator_weights.indicator_id
    where published_weights.level = 'indicator'
),

table1_dimensions as (
    select
        'table1_weight_' || published_weights.dimension_id as figure_id,
        'Table 1' as table_name,
        'dimension weight' as quantity,
        published_weights.published_label as figure,
        cast(null as {{ type_id() }}) as region_id,
        cast(null as {{ dbt.type_int() }}) as year,
        published_weights.dimension_id,
        cast(null as {{ type_id() }}) as indicator_id,
        published_weights.published_weight as published_value,
        dimension_weights.weight as computed_value
    from published_weights
    left join dimension_weights
        on published_weights.dimension_id = dimension_weights.dimension_id
    where published_weights.level = 'dimension'
),

table2_scores as (
    select
        'table2_score_' || published.region_id || '_' || cast(published.year as {{ type_id() }})
        as figure_id,
        'Table 2' as table_name,
        'composite score' as quantity,
        'composite score of ' || published.region_id || ' in ' || cast(published.year as {{ type_id() }})
        as figure,
        published.region_id,
        published.year,
        cast(null as {{ type_id() }}) as dimension_id,
        cast(null as {{ type_id() }}) as indicator_id,
        published.published_score as published_value,
        composite.score as computed_value
    from {{ ref('stg_published_composite_scores') }} as published
    left join composite
        on published.region_id = composite.region_id and published.year = composite.year
),

table3_scores as (
    select
        'table3_score_' || published.region_id || '_' || published.dimension_id
        || '_' || cast(published.year as {{ type_id() }}) as figure_id,
        'Table 3' as table_name,
        'dimension score' as quantity,
        published.dimension_id || ' score of ' || published.region_id
        || ' in ' || cast(published.year as {{ type_id() }}) as figure,
        published.region_id,
        published.year,
        published.dimension_id,
        cast(null as {{ type_id() }}) as indicator_id,
        published.published_score as published_value,
        computed.score as computed_value
    from {{ ref('stg_published_dimension_scores') }} as published
    left join {{ ref('dimension_scores') }} as computed
        on
            published.region_id = computed.region_id
            and published.year = computed.year
            and published.dimension_id = computed.dimension_id
),

figures as (
    select * from table1_indicators
    union all select * from table1_dimensions
    union all select * from table2_scores
    union all select * from table3_scores
)

select
    figures.figure_id,
    figures.table_name,
    figures.quantity,
    figures.figure,
    figures.region_id,
    figures.year,
    figures.dimension_id,
    figures.indicator_id,
    figures.published_value,
    figures.computed_value,
    figures.computed_value - figures.published_value as difference,
    abs(figures.computed_value - figures.published_value) as abs_difference,
    abs(figures.computed_value - figures.published_value) <= 0.0005 as within_rounding,
    case
        when figures.table_name = 'Table 1' and '{{ variant.scope }}' = 'year'
            then 'mean of the yearly weights (normalization_scope=year)'
        when figures.table_name = 'Table 1' then 'panel weights'
        else 'scores of this build'
    end as basis,
    coalesce(composite.real_input_share, grid_real_inputs.real_input_share) as real_input_share
from figures
left join composite
    on figures.region_id = composite.region_id and figures.year = composite.year
cross join grid_real_inputs
