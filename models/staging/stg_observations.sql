{#-
    The observations typed, read once (a table: the published file does not depend on the input
    file). Numeric input columns (typed Parquet) are taken as they are; text columns (CSV, the
    seed) are parsed. The text as given is kept only on the rows a check of stg_input_problems
    can report: a year that is not a whole number, a value that is not a finite positive number.
-#}
{%- set types = relation_column_types(input_relation('observations')) %}
{%- set columns = types.keys() | list %}
{%- set year_text = required_text_column(columns, 'year', 'observations') %}
{%- set value_text = required_text_column(columns, 'value', 'observations') %}

with source_observations as (
    select * from {{ input_relation('observations') }}
),

typed as (
    select
        source_observations.*,
        {{ input_integer(types, 'year', 'observations') }} as typed_year__,
        {{ input_double(types, 'value', 'observations') }} as typed_value__,
        {{ input_is_empty(types, 'value', 'observations') }} as value_is_empty__
    from source_observations
)

select
    {{ required_text_column(columns, 'region_id', 'observations') }} as region_id,
    typed_year__ as year,
    {{ required_text_column(columns, 'indicator_id', 'observations') }} as indicator_id,
    typed_value__ as value,
    case
        when value_is_empty__ then lower({{ optional_text_column(columns, 'provenance') }})
        else coalesce(lower({{ optional_text_column(columns, 'provenance') }}), 'unspecified')
    end as provenance,
    {{ optional_text_column(columns, 'source') }} as source,
    {{ optional_text_column(columns, 'note') }} as note,
    case when typed_year__ is null then {{ year_text }} end as year_text,
    case
        when typed_value__ is null or not {{ is_finite('typed_value__') }} or typed_value__ <= 0
            then {{ value_text }}
    end as value_text
from typed
