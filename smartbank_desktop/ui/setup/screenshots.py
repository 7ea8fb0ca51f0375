"""Every step of the setup wizard as pictures, reached as a helper reaches them, against the real bank.

A new registration is sent (refused first for its Aadhaar number, then taken:
the KYC check it starts is shown as it stands); the decided KYC states are
shown from the bank's own answer bodies, since the screenshot bank runs no KYC
worker. The steps after KYC use a demo customer, already verified.
"""

from __future__ import annotations

import io
import random

PASS_SERIAL = iter(range(1, 10_000))


def card_picture() -> bytes:
    """A sharp, card-like picture (PNG) for the card step: black print on white, in a card's proportions."""
    from PIL import Image, ImageDraw, ImageFont

    card = Image.new("RGB", (1000, 630), "white")
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 1000, 24), fill=(255, 153, 51))
    draw.rectangle((0, 104, 1000, 110), fill=(19, 136, 8))
    font = ImageFont.load_default(size=40)
    draw.text((500, 64), "Government of India", font=font, fill="black", anchor="mm")
    draw.rectangle((40, 150, 260, 425), fill=(200, 200, 200), outline=(90, 90, 90), width=2)
    for i, line in enumerate(("Sample Customer", "DOB: 12/04/1950", "FEMALE")):
        draw.text((300, 180 + 60 * i), line, font=font, fill="black")
    draw.text((500, 500), "XXXX XXXX 0000", font=ImageFont.load_default(size=56), fill="black", anchor="mm")
    buffer = io.BytesIO()
    card.save(buffer, "PNG")
    return buffer.getvalue()


def aadhaar_number(rng: random.Random) -> str:
    from stdnum import verhoeff

    body = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(10))
    return body + verhoeff.calc_check_digit(body)


def wizard_pass(driver, setup_customer: dict, payee_account: str, work_dir) -> None:
    """Every wizard step in the app's current language and text size (``work_dir``: for the card's file)."""
    from pathlib import Path

    app, shot = driver.app, driver.shot
    wizard = app.setup
    serial = next(PASS_SERIAL)
    rng = random.Random(serial)
    wizard.finish()
    shot("setup-entry")
    wizard.begin()
    shot("setup-1-language")
    wizard.next("language")
    details = app.screen("setup_details")
    values = {"full_name": "Kamala Devi Sharma", "email": f"kamala.sharma{serial}@example.in",
              "mobile": f"97{rng.randint(10_000_000, 99_999_999)}", "date_of_birth": "12/04/1950",
              "address": "12 Gandhi Road, Pune 411001"}
    for field, value in values.items():
        details.edits[field].setText(value)
    details.aadhaar.edit.setText("2345 6789 0123")  # not a valid number: its check digit is wrong
    details.aadhaar.take()
    shot("setup-2-details")
    card_file = Path(work_dir) / "card.png"
    card_file.write_bytes(card_picture())
    details.go_on()
    shot("setup-3-card-camera")
    card = app.screen("setup_card")
    wizard.card = None
    card.enter()
    card.take()  # the camera shows a plain picture, not a card: refused as blurred
    shot("setup-3-card-blurred")
    card.use_file(card_file)
    shot("setup-3-card-kept")
    card.go_on()
    selfie = app.screen("setup_selfie")
    shot("setup-4-selfie")
    selfie.take()
    shot("setup-4-selfie-kept")
    selfie.go_on()
    shot("setup-5-pin-rules")
    pin = app.screen("setup_pin")
    pin.keypad.set_value("4826")
    pin.go_on()
    shot("setup-5-pin-again")
    pin.keypad.set_value("4826")
    pin.go_on()
    shot("setup-2-details-refused-aadhaar")
    details.aadhaar.retype()
    details.aadhaar.edit.setText(aadhaar_number(rng))
    details.aadhaar.take()
    details.go_on()
    shot("setup-6-kyc-sent")
    kyc = app.screen("setup_kyc")
    kyc.timer.stop()
    blurred = ("card_blurred", "The photo of your card is blurred. A member of staff will check it.")
    mismatch = ("face_mismatch", "Your photo does not match the photo on your card.")
    for status, reasons in (("PROCESSING", []), ("MANUAL_REVIEW", [blurred]), ("REJECTED", [mismatch]),
                            ("VERIFIED", [])):
        kyc.show_status({"status": status, "reasons": [r for _, r in reasons], "reason_codes": [c for c, _ in reasons],
                         "attempt": 1, "can_upload_documents": status == "REJECTED"})
        kyc.timer.stop()
        shot(f"setup-6-kyc-{status.lower().replace('_', '-')}")

    # The steps after KYC, as a verified (demo) customer.
    wizard.close()
    wizard.state.username = setup_customer["mobile"]
    wizard.state.form["full_name"] = setup_customer["name"]
    wizard.after_sign_in = "account"
    app.go("setup_sign_in")
    shot("setup-sign-in-to-carry-on")
    sign_in = app.screen("setup_sign_in")
    sign_in.keypad.set_value(setup_customer["pin"])
    sign_in.go_on()
    shot("setup-7-account-opened")
    account = app.screen("setup_account")
    account.accounts = []
    account.show_state()
    account.retranslate()
    shot("setup-7-account")
    wizard.go("face")
    shot("setup-8-face")
    app.screen("setup_face").start()  # the bank's answer to what the camera shows
    shot("setup-8-face-answered")
    wizard.go("voice")
    shot("setup-9-voice")
    wizard.go("passcodes")
    shot("setup-10-passcodes")
    passcodes = app.screen("setup_passcodes")
    passcodes.keypad.set_value("12")
    passcodes.go_on()
    shot("setup-10-passcodes-six-digits")
    wizard.go("payees")
    payees = app.screen("setup_payees")
    payees.edits["name"].setText("Ramesh")
    payees.edits["account_number"].setText("12345")
    payees.save_payee()
    shot("setup-11-payees-refused")
    payees.edits["account_number"].setText(payee_account)
    shot("setup-11-payees")
    wizard.state.mark_done("face")
    wizard.state.mark_done("voice")
    wizard.go("try_sign_in")
    shot("setup-12-try-sign-in")
    wizard.go("finished")
    shot("setup-finished")
    wizard.stop()
    shot("setup-stopped-carry-on")
    wizard.finish()
