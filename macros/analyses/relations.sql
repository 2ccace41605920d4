{#-
    Relations the analyses marts share, each written once.
-#}

{#-
    The composite score and every dimension score of each region-year as one series of measures:
    region_id, year, measure (`composite` or the dimension id), dimension_id (null for the
    composite), score.
-#}
{% macro score_measures(composite_relation, dimension_relation) %}
    select
        region_id,
        year,
        cast('composite' as {{ type_id() }}) as measure,
        cast(null as {{ type_id() }}) as dimension_id,
        score
    from {{ composite_relation }}
    union all
    select
        region_id,
        year,
        dimension_id as measure,
        dimension_id,
        score
    from {{ dimension_relation }}
{% endmacro %}


{#- The composite score of each region-year with the region's group_id (null when it has none). -#}
{% macro grouped_composite_scores(composite_relation, regions_relation) %}
    select
        composite.region_id,
        composite.year,
        composite.score,
        regions.group_id
    from {{ composite_relation }} as composite
    inner join {{ regions_relation }} as regions
        on composite.region_id = regions.region_id
{% endmacro %}
