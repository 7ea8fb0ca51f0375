"""Banking: accounts, double-entry ledger, saved payees and transfers."""
