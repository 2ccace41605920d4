{#-
    Every value of the column lies in [min_value - tolerance, max_value + tolerance]; either bound
    may be left out. Null values fail unless allow_null is true. Fails with one row per
    offending value.
-#}
{% test values_between(model, column_name, min_value=none, max_value=none, tolerance=0, allow_null=false) %}
    {%- if min_value is none and max_value is none -%}
        {{ exceptions.raise_compiler_error("values_between needs min_value, max_value or both.") }}
    {%- endif -%}
    select {{ column_name }} as offending_value
    from {{ model }}
    where
        {%- if allow_null %}
        {{ column_name }} is not null and (
        {%- else %}
        {{ column_name }} is null or (
        {%- endif %}
            1 = 0
            {%- if min_value is not none %}
            or {{ column_name }} < {{ min_value }} - {{ tolerance }}
            {%- endif %}
            {%- if max_value is not none %}
            or {{ column_name }} > {{ max_value }} + {{ tolerance }}
            {%- endif %}
        )
{% endtest %}
