"""Pulse HR: a self-hostable people-platform REST API."""

__version__ = "0.1.0"
