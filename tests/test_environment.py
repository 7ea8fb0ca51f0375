"""The test run's own data folder: no test may write to a real customer's."""

from django.conf import settings


def test_settings_use_the_private_test_data_folder():
    assert "smartbank-test-" in str(settings.DATA_DIR)
    assert str(settings.DOCUMENTS_ROOT).startswith(str(settings.DATA_DIR))
