{#-
    Engine-specific SQL lives here, behind adapter.dispatch, so the models stay portable.
    Every computed number of the method is a 64-bit float: use type_double(), never
    dbt.type_float() (32-bit on DuckDB and Spark) or numeric (DECIMAL(18,3) on DuckDB).
-#}

{% macro type_double() %}
    {{- return(adapter.dispatch('type_double', 'entropy_warehouse')()) -}}
{% endmacro %}

{% macro default__type_double() %}double{% endmacro %}

{% macro postgres__type_double() %}double precision{% endmacro %}


{#- A text id (region, indicator, dimension). -#}
{% macro type_id() %}
    {{- return(adapter.dispatch('type_id', 'entropy_warehouse')()) -}}
{% endmacro %}

{% macro default__type_id() %}varchar{% endmacro %}

{% macro spark__type_id() %}string{% endmacro %}


{#- One row per integer year from first_year to last_year (columns of `relation`). -#}
{% macro year_series(relation, first_year, last_year) %}
    {{- return(adapter.dispatch('year_series', 'entropy_warehouse')(relation, first_year, last_year)) -}}
{% endmacro %}

{% macro default__year_series(relation, first_year, last_year) %}
    select generate_series({{ first_year }}, {{ last_year }}) as year
    from {{ relation }}
{% endmacro %}

{% macro duckdb__year_series(relation, first_year, last_year) %}
    select unnest(generate_series({{ first_year }}, {{ last_year }})) as year
    from {{ relation }}
{% endmacro %}

{% macro spark__year_series(relation, first_year, last_year) %}
    select explode(sequence({{ first_year }}, {{ last_year }})) as year
    from {{ relation }}
{% endmacro %}


{#-
    An analyst's input file (CSV or Parquet) as a relation. DuckDB reads the file itself; other
    engines read the table <schema>_raw.<name> that the harness's loader (scripts/load_inputs.py)
    made from it, since PostgreSQL cannot read Parquet and reads files only server-side.
-#}
{% macro read_input_file(path, name) %}
    {{- return(adapter.dispatch('read_input_file', 'entropy_warehouse')(path, name)) -}}
{% endmacro %}

{% macro default__read_input_file(path, name) %}
    {#- Spark has no database level: target.database is undefined there. -#}
    {%- set raw = api.Relation.create(
        database=(target.database if target.database is defined else none),
        schema=target.schema ~ '_raw', identifier=name) -%}
    {%- if execute and load_relation(raw) is none -%}
        {{ exceptions.raise_compiler_error(
            "No table " ~ raw ~ " for " ~ path ~ ": on " ~ target.type
            ~ ", load the file first: python -m scripts.load_inputs --target " ~ target.name
            ~ " --" ~ name ~ "-file " ~ path
        ) }}
    {%- endif -%}
    {{ raw }}
{% endmacro %}

{% macro duckdb__read_input_file(path, name) %}
    {%- set lowered = path | lower -%}
    {%- if lowered.endswith('.parquet') -%}
        read_parquet('{{ path }}')
    {%- elif lowered.endswith('.csv') or lowered.endswith('.csv.gz') or lowered.endswith('.tsv') -%}
        read_csv('{{ path }}', header = true, all_varchar = true)
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "Input file " ~ path ~ " is neither .csv nor .parquet: give a CSV or Parquet file."
        ) }}
    {%- endif -%}
{% endmacro %}


{#- The SHA-256 of a file's bytes as a scalar subquery, or null where the engine cannot read files. -#}
{% macro file_sha256(path) %}
    {{- return(adapter.dispatch('file_sha256', 'entropy_warehouse')(path)) -}}
{% endmacro %}

{% macro default__file_sha256(path) %}cast(null as {{ type_id() }}){% endmacro %}

{% macro duckdb__file_sha256(path) %}
    (select sha256(content) from read_blob('{{ path }}'))
{% endmacro %}


{#- The engine's version string. -#}
{% macro engine_version() %}
    {{- return(adapter.dispatch('engine_version', 'entropy_warehouse')()) -}}
{% endmacro %}

{% macro default__engine_version() %}version(){% endmacro %}

{% macro duckdb__engine_version() %}'duckdb ' || version(){% endmacro %}


{#- trimmed text, null when blank. -#}
{% macro blank_to_null(expr) %}
    {{- return(adapter.dispatch('blank_to_null', 'entropy_warehouse')(expr)) -}}
{% endmacro %}

{% macro default__blank_to_null(expr) %}nullif(trim({{ expr }}), ''){% endmacro %}



{#- text -> double, null where the text is not a number. -#}
{% macro safe_to_double(expr) %}
    {{- return(adapter.dispatch('safe_to_double', 'entropy_warehouse')(expr)) -}}
{% endmacro %}

{% macro default__safe_to_double(expr) %}try_cast({{ expr }} as {{ type_double() }}){% endmacro %}

{% macro postgres__safe_to_double(expr) %}
    case
        when trim({{ expr }}) ~* '^[-+]?(([0-9]+\.?[0-9]*|\.[0-9]+)(e[-+]?[0-9]+)?|infinity|inf|nan)$'
            then cast(trim({{ expr }}) as {{ type_double() }})
    end
{% endmacro %}


{#- text -> integer, null where the text is not a whole number. -#}
{% macro safe_to_integer(expr) %}
    {{- return(adapter.dispatch('safe_to_integer', 'entropy_warehouse')(expr)) -}}
{% endmacro %}

{% macro default__safe_to_integer(expr) %}
    case
        when {{ matches_regex(expr, '^[-+]?[0-9]{1,9}(\\.0+)?$') }}
            then cast({{ safe_to_double(expr) }} as {{ dbt.type_int() }})
    end
{% endmacro %}


{#- true when a double is neither infinite nor NaN. -#}
{% macro is_finite(expr) %}
    {{- return(adapter.dispatch('is_finite', 'entropy_warehouse')(expr)) -}}
{% endmacro %}

{% macro default__is_finite(expr) %}isfinite({{ expr }}){% endmacro %}

{% macro postgres__is_finite(expr) %}
    ({{ expr }} not in ('Infinity'::double precision, '-Infinity'::double precision, 'NaN'::double precision))
{% endmacro %}

{% macro spark__is_finite(expr) %}
    (not isnan({{ expr }}) and abs({{ expr }}) != double('infinity'))
{% endmacro %}


{#- true when the whole text matches a regular expression. -#}
{% macro matches_regex(expr, pattern) %}
    {{- return(adapter.dispatch('matches_regex', 'entropy_warehouse')(expr, pattern)) -}}
{% endmacro %}

{% macro default__matches_regex(expr, pattern) %}regexp_matches({{ expr }}, '{{ pattern }}'){% endmacro %}

{% macro postgres__matches_regex(expr, pattern) %}({{ expr }} ~ '{{ pattern }}'){% endmacro %}

{% macro spark__matches_regex(expr, pattern) %}({{ expr }} rlike '{{ pattern }}'){% endmacro %}


{#- true when an id is text matching ^[A-Za-z0-9_]{1,64}$. -#}
{% macro is_valid_id(expr) %}
    coalesce({{ matches_regex(expr, '^[A-Za-z0-9_]{1,64}$') }}, false)
{% endmacro %}


{#-
    The columns of an input relation (a table expression) and their types: a dict of
    lower-cased column name -> upper-cased engine type name. Staging reads numeric input
    columns (typed Parquet) directly and parses text only where the input is text.
    Engines without a cheap way to ask give 'TEXT' for every column (everything is parsed).
-#}
{% macro relation_column_types(relation_sql) %}
    {{- return(adapter.dispatch('relation_column_types', 'entropy_warehouse')(relation_sql)) -}}
{% endmacro %}

{% macro default__relation_column_types(relation_sql) %}
    {%- set types = {} -%}
    {%- for name in relation_columns(relation_sql) -%}
        {%- do types.update({name: 'TEXT'}) -%}
    {%- endfor -%}
    {{- return(types) -}}
{% endmacro %}

{% macro duckdb__relation_column_types(relation_sql) %}
    {%- set types = {} -%}
    {%- if execute -%}
        {%- set described = run_query('describe select * from ' ~ relation_sql) -%}
        {%- for row in described.rows -%}
            {%- do types.update({row[0] | lower: row[1] | upper}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(types) -}}
{% endmacro %}


{#-
    The value of `value_expr` on the row where `order_expr` is largest (smallest) in the group;
    rows where order_expr is null are skipped.
-#}
{% macro value_at_max(value_expr, order_expr) %}
    {{- return(adapter.dispatch('value_at_max', 'entropy_warehouse')(value_expr, order_expr)) -}}
{% endmacro %}

{% macro default__value_at_max(value_expr, order_expr) %}max_by({{ value_expr }}, {{ order_expr }}){% endmacro %}

{% macro duckdb__value_at_max(value_expr, order_expr) %}arg_max({{ value_expr }}, {{ order_expr }}){% endmacro %}

{% macro postgres__value_at_max(value_expr, order_expr) %}
    (array_agg({{ value_expr }} order by {{ order_expr }} desc) filter (where {{ order_expr }} is not null))[1]
{% endmacro %}

{% macro value_at_min(value_expr, order_expr) %}
    {{- return(adapter.dispatch('value_at_min', 'entropy_warehouse')(value_expr, order_expr)) -}}
{% endmacro %}

{% macro default__value_at_min(value_expr, order_expr) %}min_by({{ value_expr }}, {{ order_expr }}){% endmacro %}

{% macro duckdb__value_at_min(value_expr, order_expr) %}arg_min({{ value_expr }}, {{ order_expr }}){% endmacro %}

{% macro postgres__value_at_min(value_expr, order_expr) %}
    (array_agg({{ value_expr }} order by {{ order_expr }} asc) filter (where {{ order_expr }} is not null))[1]
{% endmacro %}


{#- Any one value of the group (for a column that is the same on every row of the group). -#}
{% macro any_value(expr) %}
    {{- return(adapter.dispatch('any_value', 'entropy_warehouse')(expr)) -}}
{% endmacro %}

{% macro default__any_value(expr) %}min({{ expr }}){% endmacro %}

{% macro duckdb__any_value(expr) %}any_value({{ expr }}){% endmacro %}


{#-
    Seeds on Spark. dbt-spark's own loader binds every value as '<value>' without escaping (a
    quote in a seed's text breaks the insert: study_claims.csv) and an empty cell as the text
    'None'. This override (dbt looks for dbt's macros in the root project first) writes each
    value as an escaped string literal cast to the column's type, and an empty cell as null.
    Numbers go through the same cast from their CSV text, so a double is parsed once, exactly.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do types.append(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                (
                {%- for type in types -%}
                    {%- set value = row[loop.index0] -%}
                    {%- if value is none -%}
                        cast(null as {{ type }})
                    {%- else -%}
                        cast({{ spark_string_literal(value) }} as {{ type }})
                    {%- endif -%}
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%}
                ){%- if not loop.last %},{% endif %}
            {% endfor -%}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{- return(statements[0]) -}}
{% endmacro %}

{#- A Spark SQL string literal (backslash escapes, Spark's default parser). -#}
{% macro spark_string_literal(value) -%}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") | replace("\n", "\\n") | replace("\r", "\\r") }}'
{%- endmacro %}


{#-
    dbt.listagg on Spark. dbt-spark's own ignores order_by_clause (with a warning), so the text
    comes out in whatever order the rows arrive; this override (root project first, as above)
    sorts (key, value) pairs before joining them. order_by_clause: 'order by <expr> [asc|desc]',
    one key (ties are broken by the value).
-#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if order_by_clause -%}
        {%- set clause = order_by_clause | trim -%}
        {%- if not clause.lower().startswith('order by ') -%}
            {{ exceptions.raise_compiler_error("listagg: order_by_clause must start with 'order by': " ~ clause) }}
        {%- endif -%}
        {%- set key = clause[9:] | trim -%}
        {%- set ascending = 'true' -%}
        {%- if key.lower().endswith(' desc') -%}
            {%- set key = key[:-5] | trim -%}
            {%- set ascending = 'false' -%}
        {%- elif key.lower().endswith(' asc') -%}
            {%- set key = key[:-4] | trim -%}
        {%- endif -%}
        {%- set collected -%}
            transform(
                sort_array(collect_list(struct({{ key }} as sort_key, {{ measure }} as sort_value)), {{ ascending }}),
                pair -> pair.sort_value
            )
        {%- endset -%}
    {%- else -%}
        {%- set collected = 'collect_list(' ~ measure ~ ')' -%}
    {%- endif -%}
    {%- if limit_num -%}
        {%- set collected = 'slice(' ~ collected ~ ', 1, ' ~ limit_num ~ ')' -%}
    {%- endif -%}
    array_join({{ collected }}, {{ delimiter_text }})
{%- endmacro %}


{#-
    The hint that a common table expression is to be computed where it is used rather than
    stored once (DuckDB and PostgreSQL 12+: `as not materialized (`); other engines decide alone.
-#}
{% macro cte_not_materialized() %}
    {{- return(adapter.dispatch('cte_not_materialized', 'entropy_warehouse')()) -}}
{% endmacro %}

{% macro default__cte_not_materialized() %}{% endmacro %}

{% macro duckdb__cte_not_materialized() %}not materialized {% endmacro %}

{% macro postgres__cte_not_materialized() %}not materialized {% endmacro %}


{#-
    persist_docs on DuckDB: the relation's description and its columns' in one statement.
    dbt's default sends the relation comment, then asks the catalog for the relation's columns
    twice (once itself, once in dbt-duckdb's alter_column_comment) to skip documented columns
    the relation lacks, then sends the column comments: four round trips and two agate tables
    per model, about a fifth of dbt's own time per node. Every column documented in this
    project's YAML is one the model selects, so this version comments them without asking; a
    documented column that a model does not have fails the build with DuckDB's error naming it
    (a YAML that describes a column nobody can query is a defect, not something to skip).
    Comments use dbt-duckdb's own dollar quoting (duckdb_escape_comment).
-#}
{% macro duckdb__persist_docs(relation, model, for_relation, for_columns) %}
    {%- set statements = [] -%}
    {%- if for_relation and config.persist_relation_docs() and model.description -%}
        {%- do statements.append(duckdb__alter_relation_comment(relation, model.description)) -%}
    {%- endif -%}
    {%- if for_columns and config.persist_column_docs() and model.columns -%}
        {%- for column_name, column in model.columns.items() -%}
            {%- set quoted = adapter.quote(column_name) if column.get('quote') else column_name -%}
            {%- do statements.append(
                'comment on column ' ~ relation ~ '.' ~ quoted ~ ' is '
                ~ duckdb_escape_comment(column.get('description') or '') ~ ';'
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if statements -%}
        {%- do run_query(statements | join('\n')) -%}
    {%- endif -%}
{% endmacro %}
