"""The service layer: one module per concept; decides and returns data."""
