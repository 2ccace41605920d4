{%- set columns = relation_columns(input_relation('indicators')) %}

with source_indicators as (
    select * from {{ input_relation('indicators') }}
),

renamed as (
    select
        {{ required_text_column(columns, 'indicator_id', 'indicators') }} as indicator_id,
        {{ required_text_column(columns, 'dimension_id', 'indicators') }} as dimension_id,
        lower({{ required_text_column(columns, 'direction', 'indicators') }}) as direction,
        {{ optional_text_column(columns, 'name_en') }} as name_en,
        {{ optional_text_column(columns, 'name_zh') }} as name_zh,
        {{ optional_text_column(columns, 'unit') }} as unit,
        {{ optional_text_column(columns, 'source') }} as source,
        {{ optional_text_column(columns, 'published_weight') }} as published_weight_text,
        {{ optional_text_column(columns, 'display_order') }} as display_order_text
    from source_indicators
)

select
    indicator_id,
    dimension_id,
    direction,
    coalesce(name_en, indicator_id) as name_en,
    name_zh,
    unit,
    source,
    published_weight_text,
    {{ safe_to_double('published_weight_text') }} as published_weight,
    {{ safe_to_integer('display_order_text') }} as display_order
from renamed
