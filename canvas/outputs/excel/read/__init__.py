"""Reading a workbook back into a canvas: `importer.import_workbook` is the entry point."""
