"""What the canvas becomes for people to read: charts (Vega-Lite specs), the one-page picture,
the metrics report of the CLI, and the Excel workbook (written, and read back).

Imports only `canvas.core`.
"""
