"""Database tables (SQLModel). The only place tables are defined.

Times are stored in UTC (`UTCDateTime`) and come back time-zone aware on every backend.
Personal data columns are nullable: the retention purge and a revoked consent blank them
and keep only what the anonymous statistics need.
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC; naive values are refused, results are always aware."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _ts(*, nullable: bool = True, index: bool = False) -> sa.Column[datetime]:
    return sa.Column(UTCDateTime(), nullable=nullable, index=index)


class AdvisorRole(str, enum.Enum):
    ADVISOR = "advisor"
    ADMIN = "admin"


class AppointmentStatus(str, enum.Enum):
    BOOKED = "booked"
    IN_CALL = "in_call"
    DONE = "done"
    CANCELLED = "cancelled"


class MailStatus(str, enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class ParticipantRole(str, enum.Enum):
    CLIENT = "client"
    INTERPRETER = "interpreter"
    REPRESENTATIVE = "representative"
    COMPANION = "companion"  # Beistand / Vertrauensperson


class Advisor(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, sa_column_kwargs={"unique": True}, index=True)
    name: str = Field(max_length=200)
    password_hash: str = Field(max_length=255)
    role: AdvisorRole = Field(default=AdvisorRole.ADVISOR, sa_type=sa.String(16))
    active: bool = True
    failed_logins: int = 0
    last_failed_login_at: datetime | None = Field(default=None, sa_column=_ts())
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class Appointment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    advisor_id: int = Field(foreign_key="advisor.id", index=True)
    start: datetime = Field(sa_column=_ts(nullable=False, index=True))
    duration_minutes: int = 30
    status: AppointmentStatus = Field(default=AppointmentStatus.BOOKED, sa_type=sa.String(16), index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    call_started_at: datetime | None = Field(default=None, sa_column=_ts())
    call_ended_at: datetime | None = Field(default=None, sa_column=_ts())
    purged_at: datetime | None = Field(default=None, sa_column=_ts())
    # iCalendar SEQUENCE of the last mail: raised by every change and by the cancellation.
    sequence: int = 0
    # Set when an interpreter's personal data is blanked, so the anonymous statistics keep the share.
    has_interpreter: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # The advisor answered or skipped the survey after ending this appointment (asked once per appointment).
    advisor_survey_done: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class Participant(SQLModel, table=True):
    """A person invited to an appointment through a personal link (never the advisor)."""

    id: int | None = Field(default=None, primary_key=True)
    appointment_id: int = Field(foreign_key="appointment.id", index=True)
    role: ParticipantRole | None = Field(default=ParticipantRole.CLIENT, sa_type=sa.String(16))
    first_name: str | None = Field(default=None, max_length=100)
    last_name: str | None = Field(default=None, max_length=100)
    customer_number: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=254)
    # sha256 of the personal-link token; the token itself is never stored.
    token_hash: str | None = Field(default=None, max_length=64, sa_column_kwargs={"unique": True}, index=True)
    invited_at: datetime | None = Field(default=None, sa_column=_ts())
    # last mail to this person: MailStatus value, and the German reason when it failed
    mail_status: str | None = Field(default=None, max_length=16)
    mail_error: str | None = Field(default=None, max_length=300)
    survey_done: bool = False
    purged_at: datetime | None = Field(default=None, sa_column=_ts())
    link_opened_at: datetime | None = Field(default=None, sa_column=_ts())  # first valid opening of the link
    # language of this person's mails (core/i18n.LANGUAGES), chosen by the advisor at booking; German by default
    language: str = Field(default="de", max_length=8, sa_column_kwargs={"server_default": "de"})
    # The reminder mail: claimed (and sent) at, set by one conditional UPDATE so it goes out once; and the
    # sha256 of the personal-link token it carried (a second valid link beside `token_hash`).
    reminder_sent_at: datetime | None = Field(default=None, sa_column=_ts())
    reminder_token_hash: str | None = Field(default=None, max_length=64, sa_column_kwargs={"unique": True}, index=True)
    # The advisor took the person off the appointment after booking: their links are dead from then on,
    # they are no longer listed or mailed (`booking.participants.remove_participant`).
    removed_at: datetime | None = Field(default=None, sa_column=_ts())


class RevocationLink(SQLModel, table=True):
    """The "Einwilligung widerrufen" link of one mail: its own token (sha256 only), apart from the personal
    link, working for the whole retention period. Every mail to a participant gets a new row."""

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True}, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class AdvisorSession(SQLModel, table=True):
    """A signed-in browser of an advisor; the cookie holds the token, the table only its sha256."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True}, index=True)
    advisor_id: int = Field(foreign_key="advisor.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=_ts())


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins per key ("email:<address>" or "ip:<address>") for the growing delay."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, sa_column_kwargs={"unique": True}, index=True)
    failures: int = 0
    last_failure_at: datetime | None = Field(default=None, sa_column=_ts())


class ConsentRecord(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    text_version: str = Field(max_length=40)
    given_at: datetime | None = Field(default=None, sa_column=_ts())
    declined_at: datetime | None = Field(default=None, sa_column=_ts())
    revoked_at: datetime | None = Field(default=None, sa_column=_ts())


class DeviceCheck(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    checked_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    level: str = Field(max_length=8)  # green / yellow / red: kept after the purge for statistics
    operating_system: str | None = Field(default=None, max_length=80)
    device: str | None = Field(default=None, max_length=80)
    browser: str | None = Field(default=None, max_length=80)
    upload_kbps: float | None = None
    download_kbps: float | None = None
    rtt_ms: float | None = None
    loss_percent: float | None = None
    jitter_ms: float | None = None
    quality: str | None = Field(default=None, max_length=8)
    ip_address: str | None = Field(default=None, max_length=45)
    relay_ok: bool | None = None  # a TURN relay worked from the person's network (None: not tested)


class SurveyAnswer(SQLModel, table=True):
    """Anonymous: a random key, no link to a person, appointment or advisor, only the ISO week.

    On SQLite the table has no rowid (it is stored in the order of its random key), so its
    physical order does not follow the order of insertion; see privacy/survey.py.
    """

    __table_args__ = {"sqlite_with_rowid": False}

    id: str = Field(default_factory=lambda: uuid.uuid4().hex, primary_key=True, max_length=32)
    iso_week: str = Field(max_length=8)  # e.g. "2026-W48"
    picture_sound: int | None = None
    ease: int | None = None
    would_use_again: int | None = None
    # who answered: "participant" (QUESTIONS) or "advisor" (ADVISOR_QUESTIONS); never which one
    role: str = Field(default="participant", max_length=16, sa_column_kwargs={"server_default": "participant"})


class MemberStatus(str, enum.Enum):
    WAITING = "waiting"
    ADMITTED = "admitted"
    DECLINED = "declined"
    LEFT = "left"


class RoomMember(SQLModel, table=True):
    """Who is in the waiting area or the call of an appointment, and how to reach their browser.

    Lives in the database (not in a process) so every backend worker sees the same room. Rows are
    deleted when the call ends (by the advisor, or by `room.closing` once everyone is gone). `epoch` grows with every (re)join so browsers can tell a reload from
    an old session; `client_token` is the Reflex client token of the browser tab that holds the seat.
    """

    __table_args__ = (sa.UniqueConstraint("appointment_id", "member_key"),)

    id: int | None = Field(default=None, primary_key=True)
    appointment_id: int = Field(foreign_key="appointment.id", index=True)
    member_key: str = Field(max_length=24)  # "advisor" or "p<participant id>"
    client_token: str = Field(max_length=64)
    status: MemberStatus = Field(default=MemberStatus.WAITING, sa_type=sa.String(12))
    epoch: int = 1
    waiting_since: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    audio_muted: bool = False
    video_off: bool = False
    notice: str | None = Field(default=None, max_length=300)  # e.g. the advisor's message on decline
    declined_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))  # the last decline
    seen_at: datetime | None = Field(default=None, sa_column=_ts())
    """Last sign of the tab holding the seat (joining, leaving, its heartbeat): who is still there."""


class ParticipantTab(SQLModel, table=True):
    """An open browser tab of a participant's personal link (the newest few per person), so that a change
    of the appointment's people reaches it live: like `AdvisorPresence`, read by whoever delivers."""

    client_token: str = Field(primary_key=True, max_length=64)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    seen_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class AdvisorPresence(SQLModel, table=True):
    """The browser tab of a signed-in advisor's workspace, so waiting people can be announced live."""

    advisor_id: int = Field(foreign_key="advisor.id", primary_key=True)
    client_token: str = Field(max_length=64)
    seen_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
