"""KYC: the registration API, the engine that checks documents, the Celery pipeline and manual review.

The engine is plain Python with no Django imports, so Celery tasks, management
commands and benchmarks can all call it: ``virus_scan`` (ClamAV), ``ocr``
(Tesseract: pages, deskew, words, fields, masking), ``faces`` (the face step
over ``smartbank_desktop.biometrics``), ``rules`` (rule checks and the
decision), ``screening`` (sanctions/PEP lists) and ``engine`` (one whole
assessment, step by step). Each step returns a small result with an
``as_dict()``; transient failures (scanner or OCR engine not available) raise
:class:`errors.TransientKycError`, which the pipeline retries.

The Django app around it: ``models`` (cases and their timeline); the writers,
one concern each, every write inside ``transaction.atomic()``: ``submission``
(registration and new documents), ``documents`` (the only writer of KYC
documents), ``leases`` (which run holds a case), ``decisions`` (the
pipeline's outcome), ``sweep`` (recovery), ``review`` (staff decisions) with
``roles`` (who may decide what) and ``cases`` (what they share); ``queue`` and
``tasks`` (Celery), ``pipeline`` (the engine on a stored case), ``uploads``
(checks on files as they arrive), ``views`` and ``serializers`` (the
registration API), ``messages`` (the customer's words), ``admin`` (the staff
pages) with ``staff_pages`` (their words) and ``rendering`` (documents as
images), and ``worker`` (``smartbank worker``). The engine modules (and
``rendering``) import none of them.
"""
