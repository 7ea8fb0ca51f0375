"""The camera: OpenCV frames on a capture thread, a live preview, and 2-3 s bursts for face sign-in.

A source is a camera number (``0``), a video file, or a folder of pictures
(``--camera PATH``: demonstrations and tests). A video or folder starts again
from its first frame when a burst begins, so a recorded blink is sent whole.
The preview arrives as ``QImage`` (wrapped from OpenCV's BGR frame and copied,
about 0.2 ms); bursts arrive as JPEG bytes, ready to upload.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

FPS = 15
BURST_SECONDS = 2.5
MAX_BURST_FRAMES = 20
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp"}


class CameraUnavailable(Exception):
    """No camera could be opened: the message says so in plain words."""


class BurstTooShort(CameraUnavailable):
    """The camera stopped sending pictures before a burst had enough of them: it is there, try again."""


class _Folder:
    """Pictures in a folder, played in name order like a camera (the folder read again each time they start)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.restart()

    cycle = 0  # how many times the pictures have started again

    def restart(self) -> None:
        self.files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        self.position = 0

    def read(self):
        import cv2

        if self.position >= len(self.files):  # the pictures start again, as the folder holds them now
            if self.files:
                self.cycle += 1
            self.restart()
        if not self.files:
            return False, None
        frame = cv2.imread(str(self.files[self.position]), cv2.IMREAD_COLOR)
        self.position += 1
        return frame is not None, frame

    def release(self) -> None:
        pass


class _Capture:
    """An OpenCV camera or video file; a video starts again when it ends."""

    cycle = 0

    def __init__(self, source):
        import cv2

        os.environ.setdefault("OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS", "0")  # slow camera opening on Windows
        self.cv2, self.source = cv2, source
        self.capture = cv2.VideoCapture(source)
        self.is_file = not isinstance(source, int)
        if not self.capture.isOpened():
            raise CameraUnavailable("No camera was found. Please connect one, or sign in another way.")

    def restart(self) -> None:
        if self.is_file:
            self.capture.set(self.cv2.CAP_PROP_POS_FRAMES, 0)

    def read(self):
        ok, frame = self.capture.read()
        if not ok and self.is_file:
            self.restart()
            self.cycle += 1
            ok, frame = self.capture.read()
        return ok, frame

    def release(self) -> None:
        self.capture.release()


def open_source(spec: str | int | None):
    """A camera number, a video file or a folder of pictures."""
    if spec is None or str(spec).strip() == "":
        spec = 0
    if isinstance(spec, int) or str(spec).isdigit():
        return _Capture(int(spec))
    path = Path(spec)
    if path.is_dir():
        return _Folder(path)
    if path.is_file():
        return _Capture(str(path))
    raise CameraUnavailable(f"There is no camera, video or picture folder at {spec}.")


def to_qimage(frame: np.ndarray) -> QImage:
    height, width = frame.shape[:2]
    return QImage(frame.data, width, height, int(frame.strides[0]), QImage.Format.Format_BGR888).copy()


def jpeg(frame: np.ndarray, quality: int = 85) -> bytes:
    import cv2

    ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise CameraUnavailable("A camera picture could not be saved.")
    return data.tobytes()


class Camera(QObject):
    """Frames from one source on a capture thread while started; never on the Qt thread."""

    frame = Signal(QImage)
    failed = Signal(str)

    def __init__(self, spec: str | int | None = None):
        super().__init__()
        self.spec = spec
        self._source = None
        self._thread: threading.Thread | None = None
        self._running = threading.Event()
        self._lock = threading.Lock()
        self._burst: list[np.ndarray] | None = None
        self._burst_cycle = 0
        self._generation = 0  # which start() the capture thread serves
        self._latest: np.ndarray | None = None  # the last frame, for a still photo (kept in memory only)

    @property
    def running(self) -> bool:
        return self._running.is_set()

    def start(self) -> None:
        if self.running:
            return
        self._running.set()
        self._generation += 1
        self._latest = None  # a still is taken from this start's pictures, never from the last screen's
        self._thread = threading.Thread(target=self._capture, name="camera", daemon=True)
        self._thread.start()

    def stop(self, wait: bool = False) -> None:
        """Stop capturing; the capture thread lets the camera go by itself (the window never waits for it)."""
        self._running.clear()
        if self._thread is not None and wait:
            self._thread.join(timeout=2)
        self._thread = None

    def _capture(self) -> None:
        generation = self._generation
        try:
            source = open_source(self.spec)
        except CameraUnavailable as exc:
            if generation == self._generation:
                self._running.clear()
                self.failed.emit(str(exc))
            return
        with self._lock:
            self._source = source
        try:
            # A stop and a start in quick succession (one camera screen after another) start a new thread: this
            # one ends rather than capture beside it.
            while self._running.is_set() and generation == self._generation:
                started = time.monotonic()
                with self._lock:
                    ok, frame = source.read()
                    # A recording is sent once through, never looped into the same burst.
                    if ok and self._burst is not None and source.cycle == self._burst_cycle:
                        self._burst.append(frame)
                    if ok:
                        self._latest = frame
                if ok:
                    self.frame.emit(to_qimage(frame))
                time.sleep(max(0.0, 1 / FPS - (time.monotonic() - started)))
        finally:
            source.release()
            with self._lock:
                if self._source is source:
                    self._source = None
                    self._latest = None

    def still(self, wait_s: float = 5.0) -> np.ndarray:
        """The picture the camera shows now (BGR; call off the Qt thread, with the camera started)."""
        deadline = time.monotonic() + wait_s
        while self.running and self._latest is None and time.monotonic() < deadline:
            time.sleep(0.02)
        frame = self._latest
        if frame is None:
            raise CameraUnavailable("The camera is not on. Please try again.")
        return frame.copy()

    def burst(self, seconds: float = BURST_SECONDS) -> list[bytes]:
        """JPEG frames over ``seconds`` (call off the Qt thread, with the camera started)."""
        if not self.running:
            raise CameraUnavailable("The camera is not on. Please try again.")
        with self._lock:
            if self._source is not None:
                self._source.restart()
                self._burst_cycle = self._source.cycle
            self._burst = []
        time.sleep(seconds)
        with self._lock:
            frames, self._burst = self._burst or [], None
        if len(frames) < 5:
            raise BurstTooShort(f"The camera sent {len(frames)} pictures, too few. Please try again.")
        step = max(1, len(frames) // MAX_BURST_FRAMES)
        return [jpeg(frame) for frame in frames[::step][:MAX_BURST_FRAMES]]
