"""Writing a canvas as a workbook: `export.export_workbook` is the entry point."""
