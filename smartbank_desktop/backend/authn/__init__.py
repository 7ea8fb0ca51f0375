"""Sign-in: PIN (face and voice come later), JWT tokens, lockouts after failures."""
