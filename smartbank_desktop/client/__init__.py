"""The app's way to the bank: an httpx API client and a keyring token store (no Qt, no Django)."""
