"""``python -m surrealaccess``."""

from .cli import main

raise SystemExit(main())
