"""Staying current: subscriptions to feeds, the poller that reads them on a schedule into the
ingest pipeline, each source's health, and alerts when one breaks or goes quiet.

The feed readers themselves are in sources/ (no database there); this package sits below the
pipeline and the store, which it uses.
"""
