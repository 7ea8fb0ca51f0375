"""Helpers every layer uses: money, Aadhaar numbers, phone numbers, data folders."""
