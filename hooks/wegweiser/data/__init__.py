"""Data files: open-data exports (HSDS, CSV, GeoJSON, calendars), the open-data page and spreadsheet safety."""
