{%- set columns = relation_columns(input_relation('observations')) %}

with source_observations as (
    select * from {{ input_relation('observations') }}
),

renamed as (
    select
        {{ required_text_column(columns, 'region_id', 'observations') }} as region_id,
        {{ required_text_column(columns, 'year', 'observations') }} as year_text,
        {{ required_text_column(columns, 'indicator_id', 'observations') }} as indicator_id,
        {{ required_text_column(columns, 'value', 'observations') }} as value_text,
        lower({{ optional_text_column(columns, 'provenance') }}) as provenance,
        {{ optional_text_column(columns, 'source') }} as source,
        {{ optional_text_column(columns, 'note') }} as note
    from source_observations
)

select
    region_id,
    {{ safe_to_integer('year_text') }} as year,
    indicator_id,
    {{ safe_to_double('value_text') }} as value,
    case
        when value_text is null then provenance
        else coalesce(provenance, 'unspecified')
    end as provenance,
    source,
    note,
    year_text,
    value_text
from renamed
