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
        {{ optional_text_column(columns, 'display_order') }} as display_order_text,
        {{ optional_text_column(columns, 'target_value') }} as target_value_text,
        {{ optional_text_column(columns, 'lower_bound') }} as lower_bound_text,
        {{ optional_text_column(columns, 'upper_bound') }} as upper_bound_text
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
    {{ safe_to_integer('display_order_text') }} as display_order,
    target_value_text,
    lower_bound_text,
    upper_bound_text,
    {#- each parameter only for the type that uses it (null otherwise, whatever the input says) -#}
    case when direction = 'centred' then {{ safe_to_double('target_value_text') }} end as target_value,
    case when direction = 'interval' then {{ safe_to_double('lower_bound_text') }} end as lower_bound,
    case when direction = 'interval' then {{ safe_to_double('upper_bound_text') }} end as upper_bound
from renamed
