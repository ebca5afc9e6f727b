"""Data files: open-data exports and spreadsheet safety."""
