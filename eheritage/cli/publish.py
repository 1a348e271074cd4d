"""Commands registered on the eheritage app: publish."""
