"""Test and benchmark tooling: doubles, generated media and measurement helpers (never imported by the product)."""
