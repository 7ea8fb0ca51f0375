"""What every layer's sub-commands share: the plain-message error that ends a command with exit status 2."""


class UserError(Exception):
    """Bad input from the command line: printed as a plain message, exit status 2."""
