"""Command-line tools: the linter (``gaptext-check``) and the batch cleaner (``gaptext clean``)."""
