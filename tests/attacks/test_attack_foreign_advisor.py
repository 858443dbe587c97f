"""A signed-in advisor (appointment A's) aims the participant events at appointment B: adding a person
to B, removing B's interpreter (who waits in B's waiting area). Nothing of B may change."""

from __future__ import annotations

import time

from sqlmodel import select

from tests.attacks import probe
from tests.attacks.conftest import ADVISOR_ADDRESS, Scene
from tests.attacks.hostile import Aim, catalogue, hostile_payloads
from tests.attacks.pages import AdvisorTab, describe, leaks
from tests.attacks.test_attack_cross_appointment import b_rows
from tests.journeys.seed import ADVISOR_PASSWORD
from tests.journeys.server import AppServer
from tests.support import session_for
from videotermin_app.booking.state_participants import ParticipantsState
from videotermin_app.core.models import Participant, ParticipantRole
from videotermin_app.room.state_removal import RemovalState

PARTICIPANT_STATES = (ParticipantsState, RemovalState)


def test_advisor_a_can_neither_add_nor_remove_people_of_b(attack_server: AppServer, scene: Scene) -> None:
    with session_for(attack_server.database_url) as session:
        people = session.exec(select(Participant).where(Participant.appointment_id == scene.b.appointment_id)).all()
    interpreter = next(p.id or 0 for p in people if p.role == ParticipantRole.INTERPRETER)
    aim = Aim(
        ints=(scene.b.appointment_id, interpreter),
        extra={"form_data": [{"name": "Eve Eindringling", "role": "companion", "email": "eve@example.org"}]},
    )
    advisor = AdvisorTab.sign_in(
        attack_server.base_url, email=scene.a.advisor_email, password=ADVISOR_PASSWORD, address=ADVISOR_ADDRESS
    )
    before = b_rows(attack_server, scene)
    scene.drain()
    problems: list[str] = []
    handlers = [h for h in catalogue() if h.state in PARTICIPANT_STATES]
    assert {h.name for h in handlers} >= {"open_add", "add", "remove"}, "the participant events were not found"
    tab = advisor.tab
    # the plausible attack first: open B's add form, send a valid person; remove B's interpreter
    tab.send(ParticipantsState, "open_add", {"appointment_id": scene.b.appointment_id})
    tab.send(ParticipantsState, "add", {"form_data": aim.extra["form_data"][0]})
    tab.send(RemovalState, "remove", {"appointment_id": scene.b.appointment_id, "participant_id": interpreter})
    tab.sync()
    time.sleep(0.5)  # both are background events
    tab.sync()
    for handler in handlers:
        for label, payload in hostile_payloads(handler, aim, oversized=False):
            tab.send_raw(f"{handler.state.get_full_name()}.{handler.name}", payload)
            if handler.name == "open_add" and label.startswith("appointment_id: aimed"):
                tab.send(ParticipantsState, "add", {"form_data": aim.extra["form_data"][0]})
        tab.sync()
    time.sleep(0.5)
    tab.sync()
    if found := leaks(tab, scene.secrets_of_b()):
        problems.append(f"A's advisor received B's data {found}")
    if "Traceback" in tab.text():
        problems.append("a traceback reached the browser")
    probe.settle()
    for b_tab in scene.b_tabs:
        if got := b_tab.take():
            problems.append(f"B's tab on {b_tab.path} received {len(got)} updates: {describe(got)}")
    if changes := probe.db_changes(before, b_rows(attack_server, scene)):
        problems.append(f"B's rows changed: {str(changes)[:1500]}")
    tab.close()
    assert not problems, "\n".join(sorted(set(problems)))
