"""Reading and checking content files: from bytes on disk to validated, located values."""
