{#-
    Model-level test on the composite scores: for every region-year, the sum of the dimension
    scores (dimension_model) equals the composite score within `tolerance`. A region-year present
    on one side only, or a null score, also fails.
-#}
{% test dimensions_sum_to_composite(model, dimension_model, score_column='score', tolerance=1e-12) %}
    with dimension_totals as (
        select
            region_id,
            year,
            sum({{ score_column }}) as dimension_score_sum,
            count(*) - count({{ score_column }}) as null_score_count
        from {{ dimension_model }}
        group by region_id, year
    ),

    composite as (
        select
            region_id,
            year,
            {{ score_column }} as composite_score
        from {{ model }}
    )

    select
        coalesce(composite.region_id, dimension_totals.region_id) as region_id,
        coalesce(composite.year, dimension_totals.year) as year,
        composite.composite_score,
        dimension_totals.dimension_score_sum
    from composite
    full outer join dimension_totals
        on
            composite.region_id = dimension_totals.region_id
            and composite.year = dimension_totals.year
    where
        composite.region_id is null
        or dimension_totals.region_id is null
        or composite.composite_score is null
        or dimension_totals.null_score_count > 0
        or abs(composite.composite_score - dimension_totals.dimension_score_sum) > {{ tolerance }}
{% endtest %}
