"""No tables of its own: conversations live in the shared cache (:mod:`.conversations`).

This module is here so that Django sends this app migrate's ``post_migrate``
signal, on which the cache's table is made (:mod:`.apps`).
"""
