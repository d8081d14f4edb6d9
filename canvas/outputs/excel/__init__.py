"""The Excel workbook: a polished strategy summary, and a safe round-trip import.

The one place to import it from:

    from canvas.outputs.excel import ExcelImportError, export_workbook, import_workbook

`write/` makes the workbook, `read/` reads it back; both follow `layout` (sheets, columns, cell
kinds) and `safety` (text never written as a formula; hostile files refused before reading).
"""

from canvas.outputs.excel.read.importer import import_workbook
from canvas.outputs.excel.safety import ExcelImportError
from canvas.outputs.excel.write.export import export_workbook

__all__ = ["ExcelImportError", "export_workbook", "import_workbook"]
