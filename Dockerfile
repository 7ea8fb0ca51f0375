# The bank's backend: one image, three commands (web: gunicorn; worker: the KYC Celery worker; flower).
# compose.yaml runs it beside PostgreSQL, Redis and an S3-compatible store; the README's Operators section
# says what to set. Build: docker build -t smartbank-backend .
#   --build-arg TORCH_INDEX_URL=<a CPU-only PyTorch wheel index> keeps the image small (PyPI's torch wheel
#   pulls the CUDA libraries, several GB the backend never uses).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OMP_THREAD_LIMIT=1 \
    NUMBA_CACHE_DIR=/opt/smartbank/numba-cache \
    SMARTBANK_HOME=/var/lib/smartbank \
    SMARTBANK_LOG_FORMAT=json

# OCR of identity documents (English and Hindi) and PDF pages, virus scanning, and the libraries the
# audio and image code loads.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-eng tesseract-ocr-hin poppler-utils fonts-lohit-deva fonts-dejavu-core \
      clamav clamav-daemon clamav-freshclam libsndfile1 libportaudio2 libgomp1 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/smartbank/src
COPY pyproject.toml README.md ./
COPY smartbank_desktop ./smartbank_desktop
ARG TORCH_INDEX_URL=
# The same install as scripts/setup.sh: torch first and pinned, then the package with the server extra
# (django-storages for S3, Flower), then the two packages whose declared dependencies would compile dlib.
RUN pip install "setuptools>=77.0.3,<81" \
 && pip install ${TORCH_INDEX_URL:+--index-url "$TORCH_INDEX_URL"} "torch==2.13.0" \
 && pip install ".[server]" \
 && pip install --no-deps "face_recognition==1.3.0" "resemblyzer==0.1.4"

# ClamAV for compose's clamav service: freshclam as this image's user, logging to its output, and one
# clamd that every worker reaches through a socket in a shared volume, reloading new signatures hourly.
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/smartbank --create-home smartbank \
 && mkdir -p "$NUMBA_CACHE_DIR" /var/lib/clamav /run/clamav-shared \
 && sed -i -e '/^UpdateLogFile/d' -e '/^NotifyClamd/d' -e 's/^DatabaseOwner .*/DatabaseOwner smartbank/' \
      /etc/clamav/freshclam.conf \
 && printf '%s\n' "Foreground yes" "LocalSocket /run/clamav-shared/clamd.sock" "LocalSocketMode 660" \
      "DatabaseDirectory /var/lib/clamav" "StreamMaxLength 64M" "MaxThreads 8" "SelfCheck 3600" \
      > /opt/smartbank/clamd.conf \
 && chown -R smartbank:smartbank "$NUMBA_CACHE_DIR" /var/lib/clamav /run/clamav-shared /var/lib/smartbank
USER smartbank
# The speaker model's first use compiles librosa code with numba (~30 s): once here, not in a sign-in.
RUN python -c "import numpy as np; from resemblyzer import VoiceEncoder, preprocess_wav; \
VoiceEncoder('cpu', verbose=False).embed_utterance(preprocess_wav(np.random.default_rng(0).normal(0, 0.1, 32000).astype('float32'), 16000))"

WORKDIR /var/lib/smartbank
EXPOSE 8000
# The web server; compose.yaml gives the worker and Flower their own commands. Migrations run once,
# before the web processes start (compose: the migrate service).
CMD ["smartbank", "serve", "--server", "gunicorn", "--host", "0.0.0.0", "--port", "8000", "--workers", "2", \
     "--no-migrate"]
