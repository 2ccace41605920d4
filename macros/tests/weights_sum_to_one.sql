{#-
    Weights sum to one in each group (within `tolerance`). Fails, one row per group, when the
    sum is off or when any weight in the group is null (a null weight is never ignored).
    group_by: a list of columns; an empty list checks the whole table as one group. A null
    group key forms one group (e.g. year under normalization_scope=panel).
-#}
{% test weights_sum_to_one(model, column_name, group_by=[], tolerance=1e-9) %}
    {%- set keys = [group_by] if group_by is string else group_by -%}
    select
        {% for key in keys %}{{ key }}, {% endfor %}
        count(*) as weight_count,
        count(*) - count({{ column_name }}) as null_weight_count,
        sum({{ column_name }}) as weight_sum
    from {{ model }}
    {% if keys %}group by {{ keys | join(', ') }}{% endif %}
    having
        count(*) > count({{ column_name }})
        or abs(sum({{ column_name }}) - 1) > {{ tolerance }}
{% endtest %}
