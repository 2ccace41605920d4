{#-
    One row describing this build: the value of every var, the input files and their hashes,
    the project commit (EWM_PROJECT_COMMIT, set by the harness), tool versions and build time.
    Input paths are relative to the project directory, where the harness runs dbt.
-#}
{%- set variant = method_variant() %}
{%- set inputs = {} %}
{%- for name in ['indicators', 'observations', 'regions', 'dimensions'] %}
    {%- set path = input_file(name) %}
    {%- if path %}
        {%- do inputs.update({name: {'label': path, 'path': path}}) %}
    {%- elif name == 'regions' and input_file('observations') %}
        {%- do inputs.update({name: {'label': 'derived from the observations', 'path': none}}) %}
    {%- else %}
        {%- do inputs.update({name: {'label': 'seed ' ~ name, 'path': 'seeds/inputs/' ~ name ~ '.csv'}}) %}
    {%- endif %}
{%- endfor %}

with grid as (
    select
        count(*) as cell_count,
        count(distinct region_id) as region_count,
        count(distinct indicator_id) as indicator_count,
        min(year) as first_year,
        max(year) as last_year,
        cast(sum(case when is_imputed then 1 else 0 end) as {{ dbt.type_bigint() }}) as imputed_cell_count,
        {{ real_input_share() }} as real_input_share,
        avg(
            case when provenance = 'synthetic' then {{ double_literal(1) }} else {{ double_literal(0) }} end
        ) as synthetic_share
    from {{ ref('int_observations_imputed') }}
)

select
    cast('{{ invocation_id }}' as {{ type_id() }}) as invocation_id,
    cast('{{ run_started_at.strftime("%Y-%m-%dT%H:%M:%SZ") }}' as {{ type_id() }}) as built_at,
    cast('{{ env_var("EWM_PROJECT_COMMIT", "unknown") }}' as {{ type_id() }}) as project_commit,
    cast('{{ dbt_version }}' as {{ type_id() }}) as dbt_version,
    cast('{{ target.type }}' as {{ type_id() }}) as engine,
    cast({{ engine_version() }} as {{ type_id() }}) as engine_version,
    cast('{{ variant.scope }}' as {{ type_id() }}) as normalization_scope,
    cast('{{ variant.zero_handling }}' as {{ type_id() }}) as zero_handling,
    {{ double_literal(variant.epsilon) }} as epsilon,
    cast('{{ variant.weights_source }}' as {{ type_id() }}) as weights_source,
    {#- the analyses marts' vars (macros/analyses/options.sql) #}
    {%- set options = analysis_options() %}
    cast({{ options.growth_from if options.growth_from is not none else 'null' }} as {{ dbt.type_int() }})
    as growth_from,
    cast({{ options.growth_to if options.growth_to is not none else 'null' }} as {{ dbt.type_int() }}) as growth_to,
    {{ double_literal(options.tier_leading_ratio) }} as tier_leading_ratio,
    {{ double_literal(options.tier_lagging_ratio) }} as tier_lagging_ratio,
    cast('{{ options.obstacle_form }}' as {{ type_id() }}) as obstacle_form,
    cast({{ options.obstacle_top_n }} as {{ dbt.type_int() }}) as obstacle_top_n,
    cast('{{ options.topsis_form }}' as {{ type_id() }}) as topsis_form,
    cast('{{ options.coupling_weights }}' as {{ type_id() }}) as coupling_weights,
    {{ double_literal(options.audit_rounding) }} as audit_rounding,
    {%- for name in ['indicators', 'observations', 'regions', 'dimensions'] %}
    cast('{{ inputs[name].label }}' as {{ type_id() }}) as {{ name }}_file,
    {%- if inputs[name].path %}
    {{ file_sha256(inputs[name].path) }} as {{ name }}_sha256,
    {%- else %}
    cast(null as {{ type_id() }}) as {{ name }}_sha256,
    {%- endif %}
    {%- endfor %}
    grid.region_count,
    grid.indicator_count,
    grid.first_year,
    grid.last_year,
    grid.cell_count,
    grid.imputed_cell_count,
    grid.real_input_share,
    grid.synthetic_share
from grid
