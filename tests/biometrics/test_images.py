"""Image loading, scaling to the working size, light and focus measures."""

from __future__ import annotations

import numpy as np
import pytest

from smartbank_desktop.biometrics import BiometricError, images
from tests.biometrics.media import FACES
from tests.support import degrade


def test_images_are_scaled_to_fit_640_by_480_and_bad_files_refused(tmp_path):
    big = images.load_image(FACES / "obama" / "obama3.jpg")
    scaled, scale = images.fit_to_work_size(big)
    assert scaled.shape[0] <= 480 and scaled.shape[1] <= 640 and scale < 1
    small = images.load_image(FACES / "obama" / "obama_small.jpg")
    assert images.fit_to_work_size(small)[0].shape == small.shape
    with pytest.raises(BiometricError, match="No such image file"):
        images.load_image(tmp_path / "missing.jpg")
    (tmp_path / "notes.jpg").write_text("not a picture")
    with pytest.raises(BiometricError, match="not an image"):
        images.load_image(tmp_path / "notes.jpg")


def test_light_equalisation_brightens_dark_frames_and_focus_measure_drops_with_blur():
    photo, _ = images.fit_to_work_size(images.load_image(FACES / "obama" / "obama.jpg"))
    dark = degrade.dark_frame(photo, level=0.12)
    assert images.brightness(images.equalise_light(dark)) > 2 * images.brightness(dark)
    assert images.sharpness(degrade.blurred_frame(photo)) < 0.2 * images.sharpness(photo)
    assert images.jpeg_blockiness(degrade.jpeg_frame(photo, 10)) > 1.5 > images.jpeg_blockiness(photo)


def test_images_from_bytes_and_grey_arrays():
    data = (FACES / "obama" / "obama_small.jpg").read_bytes()
    assert images.load_image(data).shape == (240, 320, 3)
    assert images.load_image(np.zeros((20, 30), np.uint8)).shape == (20, 30, 3)
    with pytest.raises(BiometricError):
        images.load_image(b"")
