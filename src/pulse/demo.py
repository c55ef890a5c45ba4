"""`pulse demo`: a workspace with sample people, so a new user sees data at once."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from pulse.audit import service as audit
from pulse.core.tenancy import Environment, Tenant
from pulse.db.dialect import insert_rows
from pulse.db.session import Session, transaction
from pulse.employees import service as employees
from pulse.employees.schemas import EmployeeCreate
from pulse.keys import service as keys
from pulse.kit.clock import today
from pulse.kit.principals import Principal
from pulse.kudos import service as kudos
from pulse.kudos.schemas import KudosCreate
from pulse.leave import service as leave
from pulse.leave.schemas import LeaveCreate
from pulse.members import service as members
from pulse.members.roles import Role
from pulse.members.service import SignInLink
from pulse.status_log import service as status_log
from pulse.status_log.schemas import StatusLogCreate
from pulse.workload import service as workload
from pulse.workload.schemas import WorkloadCheckinCreate, WorkloadLevel
from pulse.workspaces import repository as workspaces_repository
from pulse.workspaces import service as workspaces
from pulse.workspaces.settings import LeaveApproval, LeaveKind, update_settings

DEMO_WORKSPACE = "Demo workspace"
# The demo workspace's console owner: invited on the first run, a new link on every run.
DEMO_OWNER = "owner@demo.example.com"

# (full name, role, department, country, location, manager's index, years of service)
PEOPLE = [
    ("Giulia Conti", "CTO", "Engineering", "IT", "Milan", None, 6),
    ("Niccolò Ferri", "Staff Engineer", "Engineering", "IT", "Milan", 0, 4),
    ("Amara Okafor", "Backend Engineer", "Engineering", "GB", "London", 0, 2),
    ("Lukas Becker", "Frontend Engineer", "Engineering", "DE", "Berlin", 1, 1),
    ("Sofia Marino", "Head of Design", "Design", "IT", "Turin", None, 5),
    ("Camille Laurent", "Product Designer", "Design", "FR", "Paris", 4, 3),
    ("Maya Patel", "People Partner", "People", "GB", "London", None, 3),
    ("Diego Alvarez", "Account Executive", "Sales", "ES", "Madrid", None, 2),
]


@dataclass(frozen=True)
class DemoResult:
    workspace_id: str
    employee_count: int
    secret: str
    owner_link: SignInLink


async def seed(engine: AsyncEngine) -> DemoResult:
    """Create the demo workspace once (later runs reuse it); mint a new test key and a new
    console sign-in link for its owner."""
    async with transaction(engine) as db:
        workspace = await workspaces_repository.find_by_name(db, DEMO_WORKSPACE)
        created = workspace is None
        if workspace is None:
            workspace = await workspaces.create_workspace(db, DEMO_WORKSPACE)
        tenant = Tenant(workspace["id"], Environment.test)
        if created:
            people = await _add_people(db, tenant)
            await _add_journals(db, tenant, people)
        _, secret = await keys.create_key(db, tenant, ["write:*"], actor=audit.CLI, name="demo")
        if created:
            link = await members.invite(
                db, workspace["id"], DEMO_OWNER, Role.owner, "Demo owner", audit.CLI
            )
        else:
            link = await members.reset(db, DEMO_OWNER, audit.CLI)
    return DemoResult(workspace["id"], len(PEOPLE), secret, link)


async def _add_people(db: Session, tenant: Tenant) -> list[str]:
    system = Principal.operator("system", tenant)
    ids: list[str] = []
    for name, role, department, country, location, manager, years in PEOPLE:
        first, last = name.split(" ", 1)
        plan = await employees.plan_employee(
            db,
            system,
            EmployeeCreate(
                full_name=name,
                email=f"{_ascii(first)}.{_ascii(last)}@example.com".lower(),
                role=role,
                department=department,
                manager_id=None if manager is None else ids[manager],
                start_date=_years_ago(years),
                country=country,
                location=location,
                custom_fields={"pronouns": None, "remote": location != "Milan"},
            ),
        )
        await insert_rows(db, plan.rows)
        ids.append(plan.answer["id"])
    return ids


STAND_UP_LINES = [
    "Reviewed the onboarding checklist with the new joiners.",
    "Shipped the localisation fixes; three locales live.",
    "Paired on the workload trend chart.",
    "Closed the quarter's hiring plan draft.",
    "Fixed a flaky integration test in the payroll export.",
    "Customer call about the leave-policy import.",
    "Wrote the design note for the kudos leaderboard.",
    "Cleaned up the stale feature flags.",
]
KUDOS_TAGS = ["craft", "teamwork", "mentoring", "customer-love", "ownership"]
# The Employee Score's 90-day window, so every demo employee has a meaningful score.
WEEKS_OF_HISTORY = 13


async def _add_journals(db: Session, tenant: Tenant, people: list[str]) -> None:
    """Weeks of stand-ups, check-ins, kudos and leave, the same on every run."""
    rng = random.Random(2026)
    system = Principal.operator("system", tenant)
    this_monday = today() - timedelta(days=today().weekday())
    for week in range(WEEKS_OF_HISTORY, -1, -1):
        monday = this_monday - timedelta(weeks=week)
        for employee_id in people:
            level = rng.choice(list(WorkloadLevel))
            checkin = WorkloadCheckinCreate(employee_id=employee_id, level=level, week_start=monday)
            await insert_rows(db, (await workload.plan_checkin(db, system, checkin)).rows)
            for offset in range(5):
                day = monday + timedelta(days=offset)
                if day > today() or rng.random() < 0.2:
                    continue
                entry = StatusLogCreate(
                    employee_id=employee_id,
                    date=day,
                    lines=rng.sample(STAND_UP_LINES, rng.randint(1, 3)),
                    topic=rng.choice([None, "hiring", "launch", "platform"]),
                )
                await insert_rows(db, (await status_log.plan_entry(db, system, entry)).rows)
    for _ in range(12):
        giver, receiver = rng.sample(people, 2)
        await kudos.give_kudos(
            db,
            system,
            KudosCreate(
                from_employee_id=giver,
                to_employee_id=receiver,
                coins=rng.choice([5, 10, 15]),
                tag=rng.choice(KUDOS_TAGS),
                note="Thanks for the help this week.",
            ),
        )
    # Some leave, and a week of vacation for everyone months back: everybody has rested.
    leaves = [(people[0], LeaveKind.vacation, -6, 4), (people[1], LeaveKind.sick, -2, 0)]
    leaves.append((people[2], LeaveKind.vacation, 5, 4))
    leaves += [(person, LeaveKind.vacation, -10 - n, 4) for n, person in enumerate(people)]
    for employee_id, kind, weeks_ahead, length in leaves:
        start = this_monday + timedelta(weeks=weeks_ahead)
        await leave.log_leave(
            db,
            system,
            LeaveCreate(
                employee_id=employee_id,
                kind=kind,
                start_date=start,
                end_date=start + timedelta(days=length),
            ),
        )
    await _request_leave(db, tenant, people)


async def _request_leave(db: Session, tenant: Tenant, people: list[str]) -> None:
    """From now on leave waits for the manager (sick leave excepted): one vacation request,
    Lukas's, waits for Niccolò's decision."""
    await update_settings(
        db,
        tenant.workspace_id,
        actor=audit.CLI,
        leave_approval=LeaveApproval.manager.value,
        auto_approve_kinds=[LeaveKind.sick.value],
    )
    system = Principal.operator("system", tenant)
    start = today() - timedelta(days=today().weekday()) + timedelta(weeks=8)
    request = LeaveCreate(
        employee_id=people[3], kind=LeaveKind.vacation, start_date=start, end_date=start
    )
    await leave.log_leave(db, system, request)


def _ascii(word: str) -> str:
    return word.replace("ò", "o").replace(" ", "")


def _years_ago(years: int) -> date:
    return today() - timedelta(days=365 * years + 30)
