{#-
    The combination of `columns` is unique. Null keys count as equal to each other (a null year
    under normalization_scope=panel is one value), unlike SQL's unique constraints. Fails with one
    row per repeated combination.
-#}
{% test unique_combination(model, columns) %}
    {%- set keys = [columns] if columns is string else columns -%}
    select
        {{ keys | join(',\n        ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ keys | join(', ') }}
    having count(*) > 1
{% endtest %}
