"""The report stage: JSON now; HTML, XLSX, CSV and bulletins with the Reports issue."""
