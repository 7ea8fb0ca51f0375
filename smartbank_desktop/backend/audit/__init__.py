"""The append-only audit log: who did what, when and from where."""
