{#-
    Step 1, imputation. The grid is every region x every year from the first to the last year
    of the observations x every indicator. A missing cell is filled by linear interpolation in
    the year within its region's series; before the first or after the last observed year it
    takes the nearest observed value. Imputed cells are flagged.
-#}
-- depends_on: {{ ref('stg_input_problems') }}

with observations as (
    select
        region_id,
        year,
        indicator_id,
        value,
        provenance,
        source
    from {{ ref('stg_observations') }}
    where value is not null
),

year_span as (
    select
        min(year) as first_year,
        max(year) as last_year
    from observations
),

year_series as (
    {{ year_series('year_span', 'first_year', 'last_year') }}
),

years as (
    select cast(year as {{ dbt.type_int() }}) as year
    from year_series
),

grid as (
    select
        regions.region_id,
        years.year,
        indicators.indicator_id,
        indicators.dimension_id,
        indicators.direction
    from {{ ref('stg_regions') }} as regions
    cross join years
    cross join {{ ref('stg_indicators') }} as indicators
),

grid_observations as (
    select
        grid.region_id,
        grid.year,
        grid.indicator_id,
        grid.dimension_id,
        grid.direction,
        observations.value as observed_value,
        observations.provenance,
        observations.source
    from grid
    left join observations
        on
            grid.region_id = observations.region_id
            and grid.year = observations.year
            and grid.indicator_id = observations.indicator_id
),

observed_neighbours as (
    select
        *,
        max(case when observed_value is not null then year end) over (
            partition by region_id, indicator_id
            order by year
            rows between unbounded preceding and current row
        ) as previous_year,
        min(case when observed_value is not null then year end) over (
            partition by region_id, indicator_id
            order by year
            rows between current row and unbounded following
        ) as next_year
    from grid_observations
),

neighbour_values as (
    select
        cells.region_id,
        cells.year,
        cells.indicator_id,
        cells.dimension_id,
        cells.direction,
        cells.observed_value,
        cells.provenance,
        cells.source,
        cells.previous_year,
        cells.next_year,
        previous_cells.value as previous_value,
        next_cells.value as next_value
    from observed_neighbours as cells
    left join observations as previous_cells
        on
            cells.region_id = previous_cells.region_id
            and cells.indicator_id = previous_cells.indicator_id
            and cells.previous_year = previous_cells.year
    left join observations as next_cells
        on
            cells.region_id = next_cells.region_id
            and cells.indicator_id = next_cells.indicator_id
            and cells.next_year = next_cells.year
)

select
    region_id,
    year,
    indicator_id,
    dimension_id,
    direction,
    case
        when observed_value is not null then observed_value
        when previous_year is not null and next_year is not null
            then previous_value
            + (next_value - previous_value)
            * cast(year - previous_year as {{ type_double() }})
            / cast(next_year - previous_year as {{ type_double() }})
        when previous_year is not null then previous_value
        else next_value
    end as value,
    observed_value is null as is_imputed,
    case when observed_value is null then 'imputed' else provenance end as provenance,
    case
        when observed_value is not null then source
        when previous_year is not null and next_year is not null
            then 'linear interpolation between '
            || cast(previous_year as {{ type_id() }}) || ' and ' || cast(next_year as {{ type_id() }})
        when coalesce(previous_year, next_year) is not null
            then 'nearest observed year ' || cast(coalesce(previous_year, next_year) as {{ type_id() }})
    end as source
from neighbour_values
