"""`wegweiser import`: offers from a spreadsheet or an HSDS export, written as content files."""
