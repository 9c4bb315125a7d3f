"""Karier ASN: offline competency-based career management for Indonesian civil servants."""

__version__ = "0.1.0"
APP_NAME = "Karier ASN"
