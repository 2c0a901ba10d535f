"""Today's charts, drawn as data for the SVG templates: pain over weeks and weekly distance."""

from journal.today.charts.distance import DistanceChart, distance_chart
from journal.today.charts.pain import PainChart, pain_chart
from journal.today.charts.svg import PainPoint, RunPoint

__all__ = ["DistanceChart", "PainChart", "PainPoint", "RunPoint", "distance_chart", "pain_chart"]
