"""The attacker holds a real personal link (appointment A) and aims every event at appointment B's people."""

from __future__ import annotations

import time

from sqlmodel import select

from tests.attacks import probe
from tests.attacks.conftest import Scene
from tests.attacks.hostile import Aim, Handler, catalogue, hostile_payloads, real_sdp_offer
from tests.attacks.pages import Attacker, describe, leaks, wait_until
from tests.journeys.server import AppServer
from tests.support import session_for
from videotermin_app.core.models import Advisor, Participant
from videotermin_app.room.state_call import CallState
from videotermin_app.room.state_waiting import WaitingState

# Handlers that end the attacker's own consent or seat go last, so the others run with A's seat in the call.
LAST = ("RevocationState", "ConsentState", "WaitingState.leave")


def b_rows(server: AppServer, scene: Scene) -> probe.Snapshot:
    """Every row that belongs to appointment B, its people or its advisor."""
    with session_for(server.database_url) as session:
        people = session.exec(select(Participant).where(Participant.appointment_id == scene.b.appointment_id)).all()
        advisor = session.exec(select(Advisor).where(Advisor.email == scene.b.advisor_email)).one()
    ids = {p.id for p in people}
    own = {
        "appointment": lambda r: r["id"] != scene.b.appointment_id,
        "participant": lambda r: r["appointment_id"] != scene.b.appointment_id,
        "roommember": lambda r: r["appointment_id"] != scene.b.appointment_id,
        "consentrecord": lambda r: r["participant_id"] not in ids,
        "devicecheck": lambda r: r["participant_id"] not in ids,
        "participanttab": lambda r: r["participant_id"] not in ids,
        "advisor": lambda r: r["id"] != advisor.id,
        "advisorsession": lambda r: r["advisor_id"] != advisor.id,
        "advisorpresence": lambda r: r["advisor_id"] != advisor.id,
    }
    return probe.db_snapshot(
        server,
        ignore_columns={"loginthrottle": None, "surveyanswer": None, "alembic_version": None},
        ignore_rows=own,
    )


def aim_at_b(server: AppServer, scene: Scene) -> Aim:
    with session_for(server.database_url) as session:
        people = session.exec(select(Participant).where(Participant.appointment_id == scene.b.appointment_id)).all()
    keys = (*(f"p{p.id}" for p in people), "advisor")
    ids = (scene.b.appointment_id, *(p.id or 0 for p in people))
    sdp = real_sdp_offer()
    signal = [
        {"kind": kind, "to": key, "to_epoch": epoch, "data": {"type": "offer", "sdp": sdp}}
        for key in keys
        for kind in ("description", "candidate", "restart")
        for epoch in (1, 2)
    ]
    return Aim(
        ints=ids,
        strings=keys,
        extra={
            "signal": signal,
            "form": [{"message": "Hallo B", "key": k, "appointment_id": scene.b.appointment_id} for k in keys],
            "info": [{"key": k, "state": "failed"} for k in keys],
            "sdp": [sdp],
        },
    )


def ordered(handlers: tuple[Handler, ...]) -> list[Handler]:
    return sorted(handlers, key=lambda h: any(h.label.startswith(x) for x in LAST))


def test_a_link_of_appointment_a_reaches_nobody_of_appointment_b(attack_server: AppServer, scene: Scene) -> None:
    """Each handler from a fresh socket that loaded A's link, entered A's room and was admitted by A's
    advisor (so it is in a call), with every payload aimed at B: B's appointment and participant ids,
    B's member keys and epochs, signals with a real SDP offer, chat, revocation, survey, device check.
    (Oversized payloads are the anonymous test's part; here every payload has a target.)"""
    aim = aim_at_b(attack_server, scene)
    attacker = Attacker(attack_server.base_url)
    before = b_rows(attack_server, scene)
    scene.drain()
    problems: list[str] = []
    admitted_once = False
    for handler in ordered(catalogue()):
        tab = attacker.open_tab()
        attacker.load_link(tab, scene.a.tokens["client"])
        tab.send(WaitingState, "enter_room")
        tab.sync()
        wait_until(lambda t=tab: t.value(CallState, "my_status") in ("waiting", "admitted"), timeout=3)
        if tab.value(CallState, "my_status") == "waiting":
            scene.a_advisor.admit(scene.a.appointment_id, str(tab.value(CallState, "self_key")))
            wait_until(lambda t=tab: t.value(CallState, "my_status") == "admitted", timeout=3)
            admitted_once = admitted_once or tab.value(CallState, "my_status") == "admitted"
        died = attacker.fire(tab, handler, list(hostile_payloads(handler, aim, oversized=False)))
        if died:
            problems.append(f"{handler.label}: the server did not finish the events ({died})")
        if handler.background:
            time.sleep(0.3)
        if found := leaks(tab, scene.secrets_of_b()):
            problems.append(f"{handler.label}: A's link received B's data {found}")
        attacker.close()
    assert admitted_once, "the attacker never got into A's call: the scene is broken, not the app"
    probe.settle()
    for tab in scene.b_tabs:
        if got := tab.take():
            problems.append(f"B's tab on {tab.path} received {len(got)} updates: {describe(got)}")
    if changes := probe.db_changes(before, b_rows(attack_server, scene)):
        problems.append(f"B's rows changed: {str(changes)[:1500]}")
    status, body = probe.health(attack_server)
    if status != 200 or body.get("status") != "ok":
        problems.append(f"/health answers {status} {body}")
    assert not problems, "\n".join(sorted(set(problems)))
