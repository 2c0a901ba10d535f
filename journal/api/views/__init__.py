"""REST API v1 views, one module per resource; `base` holds what they share."""
