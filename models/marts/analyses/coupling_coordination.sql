{#-
    Coupling coordination of each region's dimensions (subsystems) in each year, with
    U_i = the dimension score / the dimension weight (dimension_standing.achievement, 0 to 1)
    and n the number of dimensions:
      coupling C = n (prod U_i)^(1/n) / sum U_i
      coordination index T = sum alpha_i U_i (alpha = 1/n, or the dimension weights under
        coupling_weights=dimension)
      coordination degree D = sqrt(C T), with the usual ten-level class of D;
    and the adjusted coupling of Wang Shujia et al. (2021),
      C' = sqrt((1 - mean over pairs i<j of |U_i - U_j|) prod_i (U_i / max U)^(1/(n-1))),
      D' = sqrt(C' T).
    C is undefined when every U is 0 (D is then 0, since T = 0); C' needs n >= 2.
-#}
{%- set options = analysis_options() %}

with achievements as (
    select
        region_id,
        year,
        dimension_id,
        achievement,
        dimension_weight
    from {{ ref('dimension_standing') }}
    where achievement is not null
),

subsystems as (
    select
        region_id,
        year,
        count(*) as subsystem_count,
        sum(achievement) as achievement_sum,
        min(achievement) as min_achievement,
        max(achievement) as max_achievement,
        sum(case when achievement > 0 then ln(achievement) else {{ double_literal(0) }} end) as log_achievement_sum,
        {%- if options.coupling_weights == 'dimension' %}
        sum(dimension_weight * achievement) as coordination_index
        {%- else %}
        sum(achievement) / count(*) as coordination_index
        {%- endif %}
    from achievements
    group by region_id, year
),

relative_logs as (
    select
        achievements.region_id,
        achievements.year,
        sum(
            case
                when achievements.achievement > 0
                    then ln(achievements.achievement / subsystems.max_achievement)
                else {{ double_literal(0) }}
            end
        ) as log_relative_sum
    from achievements
    inner join subsystems
        on achievements.region_id = subsystems.region_id and achievements.year = subsystems.year
    group by achievements.region_id, achievements.year
),

pairwise as (
    {{ pairwise_absolute_differences('achievements', ['region_id', 'year'], 'achievement') }}
),

couplings as (
    select
        subsystems.region_id,
        subsystems.year,
        subsystems.subsystem_count,
        subsystems.coordination_index,
        case
            when subsystems.subsystem_count < 2 or subsystems.achievement_sum <= 0 then null
            when subsystems.min_achievement <= 0 then {{ double_literal(0) }}
            else subsystems.subsystem_count
                * exp(subsystems.log_achievement_sum / subsystems.subsystem_count)
                / subsystems.achievement_sum
        end as coupling,
        case
            when subsystems.subsystem_count < 2 or subsystems.max_achievement <= 0 then null
            else 1 - pairwise.absolute_difference_sum
                / (cast(subsystems.subsystem_count * (subsystems.subsystem_count - 1) as {{ type_double() }}) / 2)
        end as similarity,
        case
            when subsystems.subsystem_count < 2 or subsystems.max_achievement <= 0 then null
            when subsystems.min_achievement <= 0 then {{ double_literal(0) }}
            else exp(relative_logs.log_relative_sum / (subsystems.subsystem_count - 1))
        end as balance
    from subsystems
    inner join relative_logs
        on subsystems.region_id = relative_logs.region_id and subsystems.year = relative_logs.year
    inner join pairwise
        on subsystems.region_id = pairwise.region_id and subsystems.year = pairwise.year
),

degrees as (
    select
        *,
        case when similarity * balance >= 0 then sqrt(similarity * balance) end as coupling_adjusted,
        case
            when subsystem_count < 2 then null
            when coordination_index = 0 then {{ double_literal(0) }}
            when coupling * coordination_index >= 0 then sqrt(coupling * coordination_index)
        end as coordination_degree
    from couplings
),

adjusted as (
    select
        *,
        case
            when subsystem_count < 2 then null
            when coordination_index = 0 then {{ double_literal(0) }}
            when coupling_adjusted * coordination_index >= 0 then sqrt(coupling_adjusted * coordination_index)
        end as coordination_degree_adjusted
    from degrees
)

select
    region_id,
    year,
    cast(subsystem_count as {{ dbt.type_int() }}) as subsystem_count,
    coupling,
    coordination_index,
    coordination_degree,
    cast({{ coordination_level('coordination_degree') }} as {{ dbt.type_int() }}) as coordination_level,
    {{ coordination_class('coordination_degree') }} as coordination_class,
    coupling_adjusted,
    coordination_degree_adjusted,
    cast({{ coordination_level('coordination_degree_adjusted') }} as {{ dbt.type_int() }})
    as coordination_level_adjusted,
    {{ coordination_class('coordination_degree_adjusted') }} as coordination_class_adjusted,
    cast('{{ options.coupling_weights }}' as {{ type_id() }}) as coupling_weights,
    cast(case
        when subsystem_count < 2 then 'a single dimension: coupling needs at least two subsystems'
        when coupling is null then 'every subsystem is at 0: coupling undefined, coordination degree 0'
    end as {{ type_id() }}) as note
from adjusted
