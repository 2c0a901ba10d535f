"""The journal's entry forms, one module per kind of entry; shared pieces are in journal.common.forms."""
