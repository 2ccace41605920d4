-- How far this build is from each of the study's tables: compile with
-- `dbt compile --select published_comparison_summary` and run the SQL in target/compiled/.

select
    table_name,
    quantity,
    count(*) as figures,
    sum(case when within_rounding then 1 else 0 end) as figures_within_rounding,
    avg(abs_difference) as mean_abs_difference,
    max(abs_difference) as max_abs_difference,
    min(real_input_share) as min_real_input_share
from {{ ref('published_comparison') }}
group by table_name, quantity
order by table_name, quantity
