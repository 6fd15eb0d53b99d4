"""SA003 unused-suppression."""

from __future__ import annotations

from ..registry import Rule, register


@register
class UnusedSuppressionRule(Rule):
    """A suppression comment silences nothing.

    **What it does**

    Reports ``-- surrealaccess: ignore[CODE]`` comments whose codes match no diagnostic of
    the statement they are attached to, and codes that name no rule. The fix removes the
    unused codes (or the whole comment).

    **Why**

    A stale suppression hides the next real finding of that rule in that statement.

    **Bad**

    ```surql
    -- surrealaccess: ignore[SA105] the key is a placeholder
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret;
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret;
    ```

    **Limitations**

    A code counts as unused only when its rule is enabled for the file: with
    ``--select SA2`` a suppression of SA105 is not judged.
    """

    code = "SA003"
    name = "unused-suppression"
    severity = "warning"
    summary = "A suppression comment silences nothing"
    fixable = True
