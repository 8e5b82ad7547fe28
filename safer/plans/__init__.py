"""Partnership action plans, indicators measured live or entered, performance and annual reports."""
