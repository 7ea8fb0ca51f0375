"""Face and voice biometrics: quality checks, verification and liveness.

Pure Python over dlib (``face_recognition``), OpenCV and Resemblyzer; no Qt
and no Django. Heavy libraries load lazily, on first use.
"""


class BiometricError(Exception):
    """Input that cannot be used, with a plain message that can be shown to the customer."""
