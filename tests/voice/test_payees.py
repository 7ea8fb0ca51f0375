from smartbank_desktop.voice.payees import Payee, as_payees, match_payee

PAYEES = ["Ramesh Kumar", "Ramesh Gupta", "Sita Devi", "Gita Sharma", "Anil Mehta"]


def test_full_name_resolves_even_when_close_names_exist():
    assert match_payee("ramesh kumar", PAYEES).payee.name == "Ramesh Kumar"
    assert match_payee("rames kumar", PAYEES).payee.name == "Ramesh Kumar"


def test_first_name_shared_by_two_payees_is_ambiguous():
    found = match_payee("ramesh", PAYEES)
    assert found.payee is None and found.ambiguous
    assert {p.name for p in found.candidates} == {"Ramesh Kumar", "Ramesh Gupta"}


def test_one_letter_apart_names_still_resolve_to_the_exact_one():
    assert match_payee("sita", PAYEES).payee.name == "Sita Devi"
    assert match_payee("gita", PAYEES).payee.name == "Gita Sharma"


def test_honorifics_and_hindi_script():
    assert match_payee("mehta ji", PAYEES).payee.name == "Anil Mehta"
    assert match_payee("रमेश कुमार", PAYEES).payee.name == "Ramesh Kumar"
    assert match_payee("सीता", PAYEES).payee.name == "Sita Devi"


def test_unknown_name_matches_nothing():
    found = match_payee("the moon", PAYEES)
    assert found.payee is None and not found.ambiguous


def test_payee_lists_from_strings():
    assert as_payees("Ramesh Kumar, Sita Devi,") == [Payee("Ramesh Kumar"), Payee("Sita Devi")]
