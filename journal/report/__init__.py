"""The printable appointment report: a chosen 4–12 weeks of the journal on one page set."""
