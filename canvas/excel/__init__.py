"""The Excel workbook: a polished strategy summary, and a safe round-trip import."""

from canvas.excel.export import export_workbook
from canvas.excel.importer import import_workbook
from canvas.excel.safety import ExcelImportError

__all__ = ["ExcelImportError", "export_workbook", "import_workbook"]
