"""Commands registered on the eheritage app: metadata."""
