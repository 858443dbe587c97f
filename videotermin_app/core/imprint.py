"""The imprint of `/impressum`: the Markdown of `VT_IMPRINT_FILE`, else the brochure's publisher."""

from __future__ import annotations

from videotermin_app.core.settings import get_settings

# The publisher named in the brochure "Mein Videotermin" (Stand: Mai 2025).
DEFAULT_IMPRINT = """\
**Herausgeber**

Jobcenter Region Hannover  
Vahrenwalder Straße 245  
30179 Hannover

Im Internet: [www.jobcenter-region-hannover.de](https://www.jobcenter-region-hannover.de)
"""


def imprint_markdown() -> str:
    return get_settings().imprint_text or DEFAULT_IMPRINT
