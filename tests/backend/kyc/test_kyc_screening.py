"""Screening against the local sanctions/PEP list: fuzzy names, dates of birth, list version."""

from __future__ import annotations

import json
from datetime import date

import pytest

from smartbank_desktop.backend.kyc.errors import TransientKycError
from smartbank_desktop.backend.kyc.rules import Outcome, check_screening, decide
from smartbank_desktop.backend.kyc.screening import (
    LocalListProvider,
    ScreeningOutcome,
    ScreeningProvider,
    ScreeningSubject,
    ScreeningUnavailable,
    WatchList,
    get_provider,
    screen,
)
from smartbank_desktop.core.kyc import KycStatus

LISTED_DOB = date(1961, 4, 12)  # S-0001 Devendra Pratap Bhandari in the sample list


@pytest.fixture(scope="module")
def provider():
    return LocalListProvider()


def test_sample_list_loads_with_its_version(provider):
    assert isinstance(provider, ScreeningProvider)
    assert provider.list_version == "2026.11-sample-1"
    assert len(provider.watch_list.entries) >= 10
    assert {e.category for e in provider.watch_list.entries} == {"SANCTIONS", "PEP"}


@pytest.mark.parametrize("typed", ["Devendra Pratap Bhandary", "DEVENDRA PRATAP BHANDARI",
                                   "Shri Devendra Pratap Bhandari", "Bhandari Devendra Pratap",
                                   "Devendra Pratab Bhandari"])
def test_listed_name_with_a_typo_hits(provider, typed):
    result = provider.screen(ScreeningSubject(typed, LISTED_DOB))
    assert result.outcome is ScreeningOutcome.MATCH
    assert result.hits[0].entry.id == "S-0001"
    assert result.hits[0].dob_check == "same"
    assert result.list_version == "2026.11-sample-1"


def test_alias_hits(provider):
    result = provider.screen(ScreeningSubject("Dev Bhandari", None))
    assert result.outcome is ScreeningOutcome.POTENTIAL_MATCH
    assert result.hits[0].matched_name == "Dev Bhandari"


def test_unknown_date_of_birth_leaves_a_potential_match(provider):
    result = provider.screen(ScreeningSubject("Devendra Pratap Bhandary"))
    assert result.outcome is ScreeningOutcome.POTENTIAL_MATCH
    assert result.hits[0].dob_check == "unknown"


def test_different_date_of_birth_clears_the_hit(provider):
    result = provider.screen(ScreeningSubject("Devendra Pratap Bhandary", date(1985, 4, 12)))
    assert result.outcome is ScreeningOutcome.CLEAR
    assert result.hits == ()
    [cleared] = result.cleared
    assert cleared.entry.id == "S-0001" and cleared.dob_check == "different"
    assert cleared.score < cleared.name_score


def test_year_of_birth_entries(provider):
    same_year = provider.screen(ScreeningSubject("Harbinder Kaur Sodi", date(1974, 5, 5)))
    assert same_year.outcome is ScreeningOutcome.MATCH and same_year.hits[0].dob_check == "same_year"
    other_year = provider.screen(ScreeningSubject("Harbinder Kaur Sodi", date(1975, 5, 5)))
    assert other_year.outcome is ScreeningOutcome.CLEAR


@pytest.mark.parametrize("name", ["Ramesh Kumar Sharma", "Sita Devi Iyer", "Mohan Lal Gupta", "Devendra Kumar"])
def test_clean_names_pass(provider, name):
    result = provider.screen(ScreeningSubject(name, date(1952, 8, 15)))
    assert result.outcome is ScreeningOutcome.CLEAR
    assert result.hits == ()


def test_result_records_the_list_and_serialises(provider):
    result = provider.screen(ScreeningSubject("Devendra Pratap Bhandary", LISTED_DOB))
    data = json.loads(json.dumps(result.as_dict()))
    assert data["provider"] == "local-list"
    assert data["list_version"] == "2026.11-sample-1"
    assert len(data["list_sha256"]) == 64
    assert data["hits"][0]["id"] == "S-0001" and data["outcome"] == "MATCH"


def test_own_list_file(tmp_path, monkeypatch):
    own = tmp_path / "list.csv"
    own.write_text("# version: bank-2026-11-20\n"
                   "id,list,category,name,aliases,date_of_birth,country,note\n"
                   "X1,OWN,PEP,Ramesh Kumar Sharma,,1952-08-15,IN,test\n", encoding="utf-8")
    monkeypatch.setenv("SMARTBANK_SCREENING_LIST", str(own))
    result = screen("Ramesh Kumar Sharmaa", date(1952, 8, 15))
    assert result.list_version == "bank-2026-11-20"
    assert result.outcome is ScreeningOutcome.MATCH


def test_list_without_version_is_refused():
    with pytest.raises(ValueError):
        WatchList.parse("id,list,category,name,aliases,date_of_birth,country,note\nX,Y,PEP,A B,,,,\n")


def test_missing_list_is_transient(tmp_path):
    with pytest.raises(ScreeningUnavailable) as caught:
        LocalListProvider(tmp_path / "missing.csv")
    assert isinstance(caught.value, TransientKycError)


def test_unknown_provider():
    with pytest.raises(ValueError):
        get_provider("acme-cloud")


def test_screening_rule_never_tips_off_the_customer(provider):
    hit = check_screening(provider.screen(ScreeningSubject("Devendra Pratap Bhandary", LISTED_DOB)))
    assert hit.outcome is Outcome.REVIEW and hit.escalate
    assert "sanction" not in hit.reason.lower() and "Bhandari" not in hit.reason
    assert hit.detail["list_version"] == "2026.11-sample-1"
    decision = decide([hit])
    assert decision.status is KycStatus.MANUAL_REVIEW and decision.escalate
    clear = check_screening(provider.screen(ScreeningSubject("Sita Devi Iyer", date(1948, 1, 3))))
    assert clear.outcome is Outcome.PASS
