"""Who a request acts as, and the interface through which the kit learns it.

`pulse.kit.auth` reads the credentials of a request and asks the app's `Principals`
who they stand for: the keys domain answers for API keys (`pulse.keys.authentication`);
another kind of caller (a member signed in to the console) plugs in the same way.
"""

from dataclasses import dataclass
from typing import Protocol

from pulse.core.errors import InvalidRequest, PermissionDenied
from pulse.core.tenancy import Tenant


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: an API key, its tenant, scopes and bound employee."""

    key_id: str
    tenant: Tenant
    scopes: frozenset[str]
    employee_id: str | None
    rate_limit_per_minute: int

    @classmethod
    def operator(cls, name: str, tenant: Tenant) -> "Principal":
        """The deployment acting on its own (`pulse demo`, an operator's CLI command):
        every scope, no employee, no rate limit; `name` says who in place of a key id."""
        return cls(name, tenant, frozenset({"*"}), None, 0)

    @property
    def is_personal(self) -> bool:
        return self.employee_id is not None

    def acting_employee(self, requested: str | None, field: str = "employee_id") -> str:
        """The employee a write is for: a personal key acts only as its own employee."""
        if self.employee_id is not None:
            if requested is not None and requested != self.employee_id:
                raise PermissionDenied(
                    f"A personal key acts only for its own employee ({self.employee_id}).",
                    fields=[field],
                )
            return self.employee_id
        if requested is None:
            raise InvalidRequest(
                f"{field} is required: this key is not bound to an employee.", fields=[field]
            )
        return requested

    def require_integration_key(self, what: str) -> None:
        if self.employee_id is not None:
            raise PermissionDenied(f"Personal keys cannot {what}; use an integration key.")


class Principals(Protocol):
    async def principal(self, secret: str) -> Principal:
        """The principal `secret` stands for; `Unauthenticated` when it stands for none."""
        ...
