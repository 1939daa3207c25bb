"""A static generator for versioned, multilingual company policies, on MkDocs."""
