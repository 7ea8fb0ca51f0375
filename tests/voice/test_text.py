from smartbank_desktop.voice.text import devanagari_to_latin, fold_devanagari, normalize


def test_currency_marks_become_rupees_after_the_number():
    assert normalize("Rs. 1,500") == "1500 rupees"
    assert normalize("₹1,50,000") == "150000 rupees"
    assert normalize("send INR 200 to Sita!") == "send 200 rupees to sita"


def test_decimal_point_survives_but_punctuation_does_not():
    assert normalize("1.5 lakh, please.") == "1.5 lakh please"
    assert normalize("What's my balance?") == "whats my balance"
    assert normalize("twenty-five") == "twenty five"


def test_thousands_shorthand():
    assert normalize("5k") == "5 thousand"


def test_hindi_spelling_variants_fold_to_one():
    assert fold_devanagari("पाँच") == fold_devanagari("पांच")
    assert fold_devanagari("हज़ार") == fold_devanagari("हजार")
    assert fold_devanagari("करोड़") == fold_devanagari("करोड")
    assert normalize("५००") == "500"


def test_romanised_names_for_matching():
    assert devanagari_to_latin("रमेश") == "ramesh"
    assert devanagari_to_latin("सीता") == "sita"
    assert devanagari_to_latin("कुमार") == "kumar"
