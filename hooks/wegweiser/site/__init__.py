"""Pages and assets: what the site shows, rendered and scanned."""
