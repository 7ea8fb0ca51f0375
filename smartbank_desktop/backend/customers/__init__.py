"""Customers: registration, the Aadhaar vault, identity documents, KYC status."""
