"""Measuring the customer groups from the owner's own sales records (issue #13).

`reading.read_sales` (a CSV, .csv.gz or .xlsx export: `layouts`, `workbook`, `records`,
`cleaning`) -> `figures.measure` (per group, the 12 months to an as-of date) -> `apply` (accepted
figures into a canvas, marked measured). Beside them: `behaviour` and `bgnbd` (BG/NBD with
Gamma-Gamma), `grouping` (rules, a value proposal), `evidence` (cohorts, Pareto), `report` (the
CLI's JSON) and `limits` (every cap and every reason a row is left out, once).
"""
