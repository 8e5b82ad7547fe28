"""Moving a caseload in and out: one layout (docs/caseload-layout.md) for people, reports and
cases, read from CSV files (a folder or a ZIP) or one XLSX workbook, and written the same way."""
