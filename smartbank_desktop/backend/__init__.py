"""The bundled Django REST backend: registration, KYC, accounts, transfers, audit."""
