"""``python -m smartbank_desktop`` is the ``smartbank`` command."""

from smartbank_desktop.cli import main

raise SystemExit(main())
