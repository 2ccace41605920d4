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

{#-
    The cells without an observed value: the grid minus the observed cells. Only these are
    imputed; the observed cells are passed through as they are.
-#}
missing_cells as (
    select
        grid.region_id,
        grid.year,
        grid.indicator_id,
        grid.dimension_id,
        grid.direction
    from grid
    where not exists (
        select 1
        from observations
        where
            observations.region_id = grid.region_id
            and observations.year = grid.year
            and observations.indicator_id = grid.indicator_id
    )
),

{#-
    For each missing cell, its series' nearest observed years before and after it and their
    values: one grouped aggregate over the missing cells joined to their series' observed cells
    (no window function, no join back). A series without any value keeps null neighbours.
-#}
neighbours as (
    select
        missing_cells.region_id,
        missing_cells.year,
        missing_cells.indicator_id,
        missing_cells.dimension_id,
        missing_cells.direction,
        max(case when observations.year < missing_cells.year then observations.year end) as previous_year,
        min(case when observations.year > missing_cells.year then observations.year end) as next_year,
        {{ value_at_max(
            'observations.value',
            'case when observations.year < missing_cells.year then observations.year end'
        ) }} as previous_value,
        {{ value_at_min(
            'observations.value',
            'case when observations.year > missing_cells.year then observations.year end'
        ) }} as next_value
    from missing_cells
    left join observations
        on
            missing_cells.region_id = observations.region_id
            and missing_cells.indicator_id = observations.indicator_id
    group by
        missing_cells.region_id,
        missing_cells.year,
        missing_cells.indicator_id,
        missing_cells.dimension_id,
        missing_cells.direction
),

observed_cells as (
    select
        observations.region_id,
        observations.year,
        observations.indicator_id,
        indicators.dimension_id,
        indicators.direction,
        observations.value,
        false as is_imputed,
        observations.provenance,
        observations.source,
        indicators.target_value,
        indicators.lower_bound,
        indicators.upper_bound
    from observations
    inner join {{ ref('stg_indicators') }} as indicators
        on observations.indicator_id = indicators.indicator_id
    inner join {{ ref('stg_regions') }} as regions
        on observations.region_id = regions.region_id
),

imputed_cells as (
    select
        neighbours.region_id,
        neighbours.year,
        neighbours.indicator_id,
        neighbours.dimension_id,
        neighbours.direction,
        case
            when neighbours.previous_year is not null and neighbours.next_year is not null
                then neighbours.previous_value
                + (neighbours.next_value - neighbours.previous_value)
                * cast(neighbours.year - neighbours.previous_year as {{ type_double() }})
                / cast(neighbours.next_year - neighbours.previous_year as {{ type_double() }})
            when neighbours.previous_year is not null then neighbours.previous_value
            else neighbours.next_value
        end as value,
        true as is_imputed,
        'imputed' as provenance,
        case
            when neighbours.previous_year is not null and neighbours.next_year is not null
                then 'linear interpolation between '
                || cast(neighbours.previous_year as {{ type_id() }})
                || ' and ' || cast(neighbours.next_year as {{ type_id() }})
            when coalesce(neighbours.previous_year, neighbours.next_year) is not null
                then 'nearest observed year '
                || cast(coalesce(neighbours.previous_year, neighbours.next_year) as {{ type_id() }})
        end as source,
        indicators.target_value,
        indicators.lower_bound,
        indicators.upper_bound
    from neighbours
    inner join {{ ref('stg_indicators') }} as indicators
        on neighbours.indicator_id = indicators.indicator_id
)

select * from observed_cells
union all
select * from imputed_cells
