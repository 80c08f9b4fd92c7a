"""Root pytest configuration: doctests of optional integrations need their extra."""

import importlib.util

collect_ignore = [] if importlib.util.find_spec("datatrove") else ["src/gaptext/integrations/datatrove.py"]
