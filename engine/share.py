"""The share link's fragment, Python side (the worked cases' links are written at build time).

Format (engine.vocabulary.SHARE_KEYS): #s=<base64url, no padding, of the situation's compact
UTF-8 JSON>&d=<AAAA-MM-JJ>. docs/assets/js/share.js reads and writes the same fragment.
"""

import base64
import json

from .vocabulary import SHARE_KEYS


def encode_share(situation, date=None):
    # JavaScript's JSON.stringify writes 700.0 as 700: integral numbers are written as integers.
    plain = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in situation.items()}
    text = json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    encoded = base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")
    fragment = f"#{SHARE_KEYS['situation']}={encoded}"
    return fragment + (f"&{SHARE_KEYS['date']}={date}" if date else "")
