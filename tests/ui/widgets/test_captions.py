"""Captions at the foot of every screen: a long sentence in pages that fit the box, turning as it is said."""

from __future__ import annotations

import pytest

LONG = ("Since you last signed in, there was one failed try to sign in as you. If that was not you, please call "
        "the bank on the number on the back of your card. Your balance is five lakh rupees, and nothing has moved.")


@pytest.fixture
def captions(qtbot):
    from smartbank_desktop.ui.widgets.captions import Captions

    widget = Captions()
    qtbot.addWidget(widget)
    widget.resize(900, 200)
    widget.show()
    qtbot.waitExposed(widget)
    widget.fit_lines(2, 40)  # 200% text: two lines
    return widget


def words(pages) -> list[str]:
    return " ".join(page.removesuffix(" …") for page in pages).split()


def test_a_long_sentence_is_shown_in_pages_that_fit_the_box(captions):
    from PySide6.QtCore import QRect, Qt

    captions.show_said("SmartBank:", LONG)
    assert len(captions.pages) >= 3
    assert words(captions.pages) == ["SmartBank:", *LONG.split()]  # every word, once, in order
    assert all(page.endswith(" …") for page in captions.pages[:-1]) and not captions.pages[-1].endswith("…")
    metrics, width = captions._metrics, captions.said.width()
    for page in captions.pages:
        height = metrics.boundingRect(QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), page).height()
        assert round(height / metrics.lineSpacing()) <= 2, page
    assert any(round(metrics.boundingRect(QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), page).height()
                     / metrics.lineSpacing()) == 2 for page in captions.pages)  # the room is used
    assert captions.said.text() == captions.pages[0]
    assert captions.said.accessibleName() == f"SmartBank: {LONG}"  # a screen reader gets it whole


def test_a_short_sentence_is_one_page(captions):
    captions.show_said("SmartBank:", "Your KYC is complete.")
    assert captions.pages == ["SmartBank: Your KYC is complete."]
    captions.follow("Your KYC is complete.", 1.0)
    assert captions.said.text() == "SmartBank: Your KYC is complete."


def test_the_pages_turn_as_the_words_are_said(captions, qtbot):
    captions.show_said("SmartBank:", LONG)
    captions.follow(LONG, 1.5)
    seen = {captions.said.text()}
    qtbot.waitUntil(lambda: seen.add(captions.said.text()) or captions.page == len(captions.pages) - 1, timeout=5000)
    assert captions.said.text() == captions.pages[-1]
    assert len(seen) >= 2


def test_a_newer_sentence_stops_the_turning_of_the_older(captions, qtbot):
    captions.show_said("SmartBank:", LONG)
    captions.follow(LONG, 0.6)
    captions.show_said("SmartBank:", "Goodbye.")
    qtbot.wait(900)
    assert captions.said.text() == "SmartBank: Goodbye."
    captions.follow("something said before", 0.2)  # not the caption shown: nothing turns
    qtbot.wait(300)
    assert captions.said.text() == "SmartBank: Goodbye."


def test_a_tap_turns_the_page(captions, qtbot):
    from PySide6.QtCore import Qt

    captions.show_said("SmartBank:", LONG)
    qtbot.mouseClick(captions, Qt.MouseButton.LeftButton)
    assert captions.said.text() == captions.pages[1]
    for _ in captions.pages[1:]:
        qtbot.mouseClick(captions, Qt.MouseButton.LeftButton)
    assert captions.said.text() == captions.pages[0]  # round again to the start


def test_the_same_words_said_again_start_again_from_the_first_page(captions, qtbot):
    captions.show_said("SmartBank:", LONG)
    captions.follow(LONG, 0.3)
    qtbot.waitUntil(lambda: captions.page == len(captions.pages) - 1, timeout=3000)
    captions.show_said("SmartBank:", LONG)  # "Say it again"
    assert captions.said.text() == captions.pages[0]
