"""Everything a runner stored, out as one zip (JSON in the API's shapes and a CSV per table), and back in."""
