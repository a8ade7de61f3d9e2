"""Writes on payment batches: generate, approve, export, reconcile."""
