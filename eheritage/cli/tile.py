"""Commands registered on the eheritage app: tile."""
