"""How many people one appointment holds: the one number the booking and the call both follow.

The call is a mesh (every browser connects to every other), so it stays small: the advisor and at
most `MAX_INVITED` people with a personal link (the client and up to `MAX_FURTHER_PEOPLE` more:
interpreter, legal representative, companion). The booking refuses more, the call is sized for it.
"""

from __future__ import annotations

MAX_PEOPLE_IN_CALL = 4  # everyone in the call, the advisor included
MAX_INVITED = MAX_PEOPLE_IN_CALL - 1  # people with a personal link: the client and the further people
MAX_FURTHER_PEOPLE = MAX_INVITED - 1  # beside the client
