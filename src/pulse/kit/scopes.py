"""The scope grammar: `read:<resource>`, `write:<resource>`, `read:*`, `write:*`, `*`.

`write:x` implies `read:x`; a wildcard stands for every resource.
"""

RESOURCES = (
    "employees",
    "status_log",
    "kudos",
    "workload",
    "leave",
    "scores",
    "webhooks",
    "events",
)
ACTIONS = ("read", "write")
ALL = "*"


def validate_scope(scope: str) -> str:
    if scope == ALL:
        return scope
    action, sep, resource = scope.partition(":")
    if not sep or action not in ACTIONS or (resource not in RESOURCES and resource != ALL):
        raise ValueError(
            f"unknown scope {scope!r}: use read:<resource>, write:<resource>, read:*, write:* "
            f"or *, with a resource among {', '.join(RESOURCES)}"
        )
    return scope


def grants(granted: frozenset[str], needed: str) -> bool:
    """Whether scopes `granted` allow the operation that needs scope `needed`."""
    action, _, resource = needed.partition(":")
    sufficient = {needed, f"{action}:{ALL}", ALL}
    if action == "read":
        sufficient |= {f"write:{resource}", f"write:{ALL}"}
    return not granted.isdisjoint(sufficient)
