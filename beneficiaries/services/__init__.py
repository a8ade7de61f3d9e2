"""Writes on the beneficiary registry: the one way views, API, admin actions and commands change data."""
