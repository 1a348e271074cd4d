"""Commands registered on the eheritage app: serve."""
