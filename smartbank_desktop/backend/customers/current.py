"""Who is asking: the signed-in customer of a request (the one way every view finds it)."""

from __future__ import annotations

from smartbank_desktop.core.refusals import Code, refuse

from .models import Customer


def current_customer(request) -> Customer:
    """The customer signed in on this request; refuses a sign-in that is not a customer's (staff, say).

    The bearer-token sign-in reads the customer with the user (``authn.authentication``): no query here.
    """
    user = request.user
    try:
        customer = user.customer if getattr(user, "pk", None) is not None else None
    except Customer.DoesNotExist:
        customer = None
    if customer is None:
        raise refuse(Code.NOT_A_CUSTOMER, "This sign-in is not a customer's.")
    return customer
