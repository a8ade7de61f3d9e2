"""Writes on programs, enrollments, facilities and admissions."""
