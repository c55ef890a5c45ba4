"""`pulse demo`: a workspace with sample people, so a new user sees data at once."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from pulse.employees import service as employees
from pulse.employees.schemas import EmployeeCreate
from pulse.keys import service as keys
from pulse.kit.auth import Principal
from pulse.kit.clock import today
from pulse.kit.tenancy import Environment, Tenant
from pulse.kit.transactions import transaction
from pulse.workspaces import repository as workspaces_repository
from pulse.workspaces import service as workspaces

DEMO_WORKSPACE = "Demo workspace"

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


async def seed(engine: AsyncEngine) -> DemoResult:
    """Create the demo workspace once (later runs reuse it) and mint a new test key."""
    async with transaction(engine, write=True) as conn:
        workspace = await workspaces_repository.find_by_name(conn, DEMO_WORKSPACE)
        created = workspace is None
        if workspace is None:
            workspace = await workspaces.create_workspace(conn, DEMO_WORKSPACE)
        tenant = Tenant(workspace["id"], Environment.test)
        if created:
            await _add_people(conn, tenant)
        _, secret = await keys.create_key(conn, tenant, ["write:*"], name="demo")
    return DemoResult(workspace["id"], len(PEOPLE), secret)


async def _add_people(conn: AsyncConnection, tenant: Tenant) -> None:
    system = Principal("system", tenant, frozenset({"*"}), None, 0)
    ids: list[str] = []
    for name, role, department, country, location, manager, years in PEOPLE:
        first, last = name.split(" ", 1)
        employee = await employees.create_employee(
            conn,
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
        ids.append(employee.id)


def _ascii(word: str) -> str:
    return word.replace("ò", "o").replace(" ", "")


def _years_ago(years: int) -> date:
    return today() - timedelta(days=365 * years + 30)
