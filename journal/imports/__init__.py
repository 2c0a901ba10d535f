"""Runs in from GPX, TCX and FIT files and from Strava or Garmin export archives."""
