{#- The model has exactly `expected` rows. Fails with one row giving the actual count. -#}
{% test row_count_equals(model, expected=1) %}
    select count(*) as row_count
    from {{ model }}
    having count(*) <> {{ expected }}
{% endtest %}
