{#-
    The dimensions input (seed dimensions, or the file named by the dbt var dimensions_file),
    typed: one row per input row.
-#}
{%- set columns = relation_columns(input_relation('dimensions')) %}

with source_dimensions as (
    select * from {{ input_relation('dimensions') }}
),

renamed as (
    select
        {{ required_text_column(columns, 'dimension_id', 'dimensions') }} as dimension_id,
        {{ optional_text_column(columns, 'name_en') }} as name_en,
        {{ optional_text_column(columns, 'name_zh') }} as name_zh,
        {{ optional_text_column(columns, 'display_order') }} as display_order_text
    from source_dimensions
)

select
    dimension_id,
    name_en,
    name_zh,
    display_order_text,
    {{ safe_to_integer('display_order_text') }} as display_order
from renamed
