"""The KYC engine: virus scan, OCR of Aadhaar cards, rules, decisions and screening.

Plain Python with no Django imports, so Celery tasks, management commands and
benchmarks can all call it. Each step returns a small result object with an
``as_dict()`` for the document's ``validation_result`` JSON; transient failures
(scanner or OCR engine not available) raise :class:`errors.TransientKycError`,
which the pipeline retries.

Modules: ``virus_scan`` (ClamAV), ``ocr`` (Tesseract), ``sample_cards``
(synthetic Aadhaar-style cards for tests and benchmarks), ``rules`` (rule
checks and the decision), ``screening`` (sanctions/PEP list screening) and
``engine`` (one whole assessment, step by step). The face-match step lives in
``smartbank_desktop.biometrics``: ``engine.assess`` takes it as a callable
(``FaceEngine().compare`` fits) and ``rules`` takes its distance and verdict.

The package is also the Django app that runs the engine: ``models`` (cases
and their event timeline), ``services`` (the only writer of KYC state),
``pipeline`` and ``tasks`` (Celery), ``admin`` (manual review), ``roles`` and
``worker`` (``smartbank worker``). The engine modules above import none of them.
"""
