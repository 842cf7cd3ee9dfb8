"""Metrics shared by training validation and offline evaluation."""
